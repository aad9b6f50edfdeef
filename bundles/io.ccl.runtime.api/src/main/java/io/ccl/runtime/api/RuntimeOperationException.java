package io.ccl.runtime.api;

/** A runtime operation could not be carried out (not ready, TEE unavailable). */
public final class RuntimeOperationException extends Exception {
    private static final long serialVersionUID = 1L;

    public RuntimeOperationException(String message) {
        super(message);
    }

    public RuntimeOperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
