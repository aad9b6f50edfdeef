package io.ccl.attestation.api;

/** The evidence or collateral does not parse per its specification. */
public final class MalformedEvidenceException extends VerificationException {
    private static final long serialVersionUID = 1L;

    public MalformedEvidenceException(String message) {
        super(message, null);
    }

    public MalformedEvidenceException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String reasonCode() {
        return RejectionReason.MALFORMED.name();
    }
}
