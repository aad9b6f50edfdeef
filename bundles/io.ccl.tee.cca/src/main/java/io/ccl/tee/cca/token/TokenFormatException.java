package io.ccl.tee.cca.token;

/** The token bytes do not follow the CCA token format (mapped to MalformedEvidenceException). */
public class TokenFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public TokenFormatException(String message) {
        super(message);
    }

    public TokenFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
