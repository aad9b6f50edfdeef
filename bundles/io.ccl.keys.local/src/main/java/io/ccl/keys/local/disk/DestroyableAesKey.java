package io.ccl.keys.local.disk;

import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * A 256-bit AES key whose bytes this store owns and zeroes on {@link #destroy()}. Exists because
 * the JDK's {@code SecretKeySpec} cannot be destroyed on Java 17. The JDK cipher copies the bytes
 * it is given into its own key schedule for the duration of one operation; that copy is outside
 * our control.
 */
public final class DestroyableAesKey implements SecretKey {
    private static final long serialVersionUID = 1L;
    /** AES-256 key length in bytes. */
    public static final int LENGTH = 32;

    private final byte[] bytes;
    private volatile boolean destroyed;

    /** Copies {@code value}; the caller zeroes its own array. */
    public DestroyableAesKey(byte[] value) {
        if (value.length != LENGTH) {
            throw new IllegalArgumentException("AES-256 key must be " + LENGTH + " bytes");
        }
        this.bytes = value.clone();
    }

    @Override
    public String getAlgorithm() {
        return "AES";
    }

    @Override
    public String getFormat() {
        return "RAW";
    }

    /** A copy of the key bytes (the JCE contract); throws once destroyed. */
    @Override
    public byte[] getEncoded() {
        if (destroyed) {
            throw new IllegalStateException("key destroyed");
        }
        return bytes.clone();
    }

    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "DestroyableAesKey[redacted]";
    }

    private void writeObject(ObjectOutputStream out) throws NotSerializableException {
        throw new NotSerializableException("key material is never serialized");
    }
}
