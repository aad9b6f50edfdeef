package io.ccl.tee.cca.token;

/** The token declares a profile this verifier does not implement (mapped to UNSUPPORTED_VERSION). */
public final class UnsupportedProfileException extends TokenFormatException {
    private static final long serialVersionUID = 1L;

    public UnsupportedProfileException(String message) {
        super(message);
    }
}
