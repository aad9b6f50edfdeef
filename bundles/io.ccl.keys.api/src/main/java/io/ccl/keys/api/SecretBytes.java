package io.ccl.keys.api;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * Secret material held in memory. {@link #toString()} never shows it; reading needs a
 * {@link SecretAccess}; {@link #destroy()} zeroes the buffer.
 */
public final class SecretBytes {
    private final byte[] bytes;
    private volatile boolean destroyed;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies {@code value}; the caller should zero its own array afterwards. */
    public static SecretBytes copyOf(byte[] value, SecretAccess access) {
        Objects.requireNonNull(access, "access");
        return new SecretBytes(value.clone());
    }

    /** A copy of the secret bytes. */
    public byte[] reveal(SecretAccess access) {
        Objects.requireNonNull(access, "access");
        if (destroyed) {
            throw new IllegalStateException("secret destroyed");
        }
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    /** Constant-time equality of contents. */
    public boolean equalsSecret(SecretBytes other) {
        return MessageDigest.isEqual(bytes, other.bytes);
    }

    /** Zeroes the bytes; later reads fail. */
    public void destroy() {
        destroyed = true;
        Arrays.fill(bytes, (byte) 0);
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "SecretBytes[" + bytes.length + " bytes, redacted]";
    }
}
