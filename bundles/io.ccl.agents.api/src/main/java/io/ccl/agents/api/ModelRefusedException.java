package io.ccl.agents.api;

import java.util.Objects;

/** A granted model could not be used; the error code is {@code MODEL_} + the reason. */
public final class ModelRefusedException extends AgentException {
    private static final long serialVersionUID = 1L;

    /** Why the model was refused. */
    public enum Reason {
        /** The manifest has no entry of that name (or there is no manifest). */
        NOT_IN_MANIFEST,
        /** The encrypted file is missing or cannot be read. */
        FILE_UNREADABLE,
        /** The file is larger than the configured limit. */
        TOO_LARGE,
        /** The file is not a CCL encrypted model (bad header). */
        MALFORMED,
        /** The model key is not held by the runtime (not provisioned, or not READY). */
        KEY_UNAVAILABLE,
        /** AES-GCM authentication failed: wrong key, or the ciphertext was altered. */
        DECRYPTION_FAILED,
        /** The plaintext's SHA-256 differs from the manifest (or the pinned digest). */
        DIGEST_MISMATCH
    }

    private final Reason reason;

    public ModelRefusedException(Reason reason, String message) {
        super("MODEL_" + Objects.requireNonNull(reason, "reason").name(), message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
