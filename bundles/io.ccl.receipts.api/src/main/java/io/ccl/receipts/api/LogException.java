package io.ccl.receipts.api;

import java.util.Objects;

/** A transparency log operation failed; the {@link Reason} is the contract, the message is for humans. */
public final class LogException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Typed failure reasons. */
    public enum Reason {
        /** No entry at that index, or no entry with that id. */
        NOT_FOUND,
        /** An argument is out of range or malformed (sizes, indices, entry type, content). */
        INVALID_ARGUMENT,
        /** Stored data failed its integrity check: the log refuses to continue (fail closed). */
        CORRUPT,
        /** Too many appends are waiting for the disk; retry later. */
        OVERLOADED,
        /** No tree head signer is available, or it refused to sign. */
        NOT_SIGNED,
        /** The log is closed, failed, or its files cannot be accessed. */
        UNAVAILABLE
    }

    private final Reason reason;

    public LogException(Reason reason, String message) {
        this(reason, message, null);
    }

    public LogException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
