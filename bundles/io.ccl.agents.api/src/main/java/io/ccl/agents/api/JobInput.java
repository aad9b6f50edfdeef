package io.ccl.agents.api;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The decrypted input of a job. It is the engine's buffer: valid during {@link AgentType#run} only
 * and wiped afterwards. {@link #toString()} shows the size only.
 */
public final class JobInput {
    private final byte[] bytes;

    private JobInput(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps {@code bytes} without copying; the caller keeps ownership and may wipe them later. */
    public static JobInput wrap(byte[] bytes) {
        return new JobInput(Objects.requireNonNull(bytes, "bytes"));
    }

    /** A read-only view of the input. */
    public ByteBuffer data() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /** A stream over the input (no copy). */
    public InputStream stream() {
        return new ByteArrayInputStream(bytes);
    }

    public int size() {
        return bytes.length;
    }

    @Override
    public String toString() {
        return "JobInput[" + bytes.length + " bytes]";
    }
}
