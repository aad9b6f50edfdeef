package io.ccl.tee.sevsnp.kds;

/** An AMD certificate lacks a field, or a field has a value the KDS specification does not allow. */
public final class InvalidCertificateException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidCertificateException(String message) {
        super(message);
    }
}
