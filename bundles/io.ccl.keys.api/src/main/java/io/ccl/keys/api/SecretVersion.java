package io.ccl.keys.api;

import java.time.Instant;
import java.util.Objects;

/**
 * Metadata of one version of a secret; never its material.
 *
 * @param version 1-based version number
 * @param createdAt when it was written
 * @param state whether it can be read
 */
public record SecretVersion(int version, Instant createdAt, State state) {
    /** Readability of a secret version. */
    public enum State {
        /** Readable. */
        LIVE,
        /** Soft-deleted: not readable; the material may still exist in the backend. */
        DELETED,
        /** Destroyed: the material is gone. */
        DESTROYED
    }

    public SecretVersion {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(state, "state");
    }
}
