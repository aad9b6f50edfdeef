package io.ccl.agents.api;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A model decrypted in memory for one job, after its SHA-256 matched the manifest. The bytes are the
 * engine's and are wiped when the job ends; {@link #toString()} shows name, digest and size only.
 */
public final class AgentModel {
    private final String name;
    private final String sha256;
    private final ByteBuffer bytes;

    /**
     * @param name the model's name in the manifest
     * @param sha256 lower-case hex SHA-256 of the plaintext
     * @param bytes the plaintext (kept as a read-only view)
     */
    public AgentModel(String name, String sha256, ByteBuffer bytes) {
        this.name = Objects.requireNonNull(name, "name");
        this.sha256 = Objects.requireNonNull(sha256, "sha256");
        this.bytes = bytes.asReadOnlyBuffer();
    }

    public String name() {
        return name;
    }

    /** Lower-case hex SHA-256 of the plaintext model. */
    public String sha256() {
        return sha256;
    }

    /** A fresh read-only view positioned at the start. */
    public ByteBuffer bytes() {
        return bytes.duplicate().rewind();
    }

    public int size() {
        return bytes.capacity();
    }

    @Override
    public String toString() {
        return "AgentModel[" + name + ", sha256:" + sha256 + ", " + bytes.capacity() + " bytes]";
    }
}
