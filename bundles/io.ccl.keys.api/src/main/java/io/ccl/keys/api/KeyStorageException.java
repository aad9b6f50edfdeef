package io.ccl.keys.api;

import java.util.Objects;

/** A key store operation failed; the {@link Reason} is the contract, the message is for humans. */
public final class KeyStorageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Typed failure reasons. */
    public enum Reason {
        /** No such key, version or secret. */
        NOT_FOUND,
        /** The key or version is revoked or retired, or the operation is not allowed for its state. */
        KEY_UNUSABLE,
        /** The key's algorithm or purposes do not allow the operation. */
        NOT_PERMITTED,
        /** Check-and-set version mismatch on a secret write. */
        CAS_MISMATCH,
        /** A name or an argument is invalid, or the key already exists. */
        INVALID_ARGUMENT,
        /** Ciphertext or stored data failed its integrity check. */
        INTEGRITY,
        /** The store is unreachable or failed (I/O, HSM, network). */
        UNAVAILABLE
    }

    private final Reason reason;

    public KeyStorageException(Reason reason, String message) {
        this(reason, message, null);
    }

    public KeyStorageException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
