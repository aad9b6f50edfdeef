package io.ccl.kbs.client;

/**
 * A KBS call failed: transport error (status 0) or an HTTP error status with the problem body's
 * {@code code} member when the server sent one.
 */
public final class KbsException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public KbsException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** HTTP status, or 0 when the server could not be reached. */
    public int status() {
        return status;
    }

    /** The problem code (e.g. {@code NONCE_EXPIRED}), or {@code UNAVAILABLE}/{@code HTTP_<status>}. */
    public String code() {
        return code;
    }
}
