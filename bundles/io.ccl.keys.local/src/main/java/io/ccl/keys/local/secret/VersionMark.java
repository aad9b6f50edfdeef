package io.ccl.keys.local.secret;

import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.SecretVersion;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The recorded state of a secret version that is no longer live, the payload of the sealed
 * {@code <version>.state} file:
 *
 * <pre>
 * offset  size  field
 *      0     1  state: 1 DELETED, 2 DESTROYED
 *      1     8  created-at of the version, epoch milliseconds, big-endian
 *      9     8  when the state was recorded, epoch milliseconds, big-endian
 * </pre>
 *
 * The version's creation time is kept here because a destroyed version's own file, which held it,
 * is gone.
 */
record VersionMark(SecretVersion.State state, Instant createdAt, Instant changedAt) {
    private static final int BYTES = 17;

    VersionMark {
        if (state == SecretVersion.State.LIVE) {
            throw new IllegalArgumentException("a live version has no mark");
        }
    }

    byte[] encode() {
        return ByteBuffer.allocate(BYTES).put((byte) (state == SecretVersion.State.DELETED ? 1 : 2))
                .putLong(createdAt.toEpochMilli()).putLong(changedAt.toEpochMilli()).array();
    }

    static VersionMark decode(String what, byte[] payload) throws KeyStorageException {
        if (payload.length != BYTES || (payload[0] != 1 && payload[0] != 2)) {
            throw new KeyStorageException(Reason.INTEGRITY, "state file of " + what + " is malformed");
        }
        ByteBuffer in = ByteBuffer.wrap(payload, 1, BYTES - 1);
        return new VersionMark(payload[0] == 1 ? SecretVersion.State.DELETED : SecretVersion.State.DESTROYED,
                Instant.ofEpochMilli(in.getLong()), Instant.ofEpochMilli(in.getLong()));
    }
}
