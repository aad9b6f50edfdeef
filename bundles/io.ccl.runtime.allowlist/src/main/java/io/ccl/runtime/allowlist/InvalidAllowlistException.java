package io.ccl.runtime.allowlist;

/** The allowlist file is malformed; it then allows nothing. */
public final class InvalidAllowlistException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidAllowlistException(String message) {
        super(message);
    }
}
