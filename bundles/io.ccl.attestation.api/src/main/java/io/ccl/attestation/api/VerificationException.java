package io.ccl.attestation.api;

/** Base of the three declared verification failures; nothing else leaves a verifier. */
public abstract class VerificationException extends Exception {
    private static final long serialVersionUID = 1L;

    protected VerificationException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The reason code reported to clients ({@link RejectionReason#MALFORMED} for malformed input). */
    public abstract String reasonCode();
}
