package io.ccl.attestation.policy.reference;

/** A policy file does not parse or breaks the format's rules; the message names the member. */
public final class InvalidPolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidPolicyException(String message) {
        super(message);
    }

    public InvalidPolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
