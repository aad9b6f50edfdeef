package io.ccl.keys.api;

import java.util.Objects;

/**
 * A fresh data key from {@link KeyStorage#generateDataKey}: the key in clear for immediate use
 * and the same key wrapped under a named store key, for storage beside the data it protects.
 *
 * @param plaintext the AES-256 key; destroy it after use
 * @param wrapped the key wrapped under {@code keyName} at {@code version}
 * @param keyName the wrapping key
 * @param version the wrapping key version
 */
public record DataKey(SecretBytes plaintext, byte[] wrapped, String keyName, int version) {
    public DataKey {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(keyName, "keyName");
        wrapped = wrapped.clone();
    }

    @Override
    public byte[] wrapped() {
        return wrapped.clone();
    }

    @Override
    public String toString() {
        return "DataKey[" + keyName + " v" + version + ", plaintext redacted]";
    }
}
