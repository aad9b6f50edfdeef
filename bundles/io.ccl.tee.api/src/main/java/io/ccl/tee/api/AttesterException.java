package io.ccl.tee.api;

/** The TEE could not produce evidence (device missing, kernel interface error, busy). */
public class AttesterException extends Exception {
    private static final long serialVersionUID = 1L;

    public AttesterException(String message) {
        super(message);
    }

    public AttesterException(String message, Throwable cause) {
        super(message, cause);
    }
}
