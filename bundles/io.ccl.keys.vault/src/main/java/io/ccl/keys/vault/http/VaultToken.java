package io.ccl.keys.vault.http;

import java.util.Objects;

/**
 * A Vault client token. Its {@link #toString()} never shows it; {@link #reveal()} is called only
 * where the token goes into the {@code X-Vault-Token} header.
 */
public final class VaultToken {
    private final String value;

    private VaultToken(String value) {
        this.value = value;
    }

    /**
     * Wraps a token, refusing blank values and characters an HTTP header cannot carry.
     *
     * @throws IllegalArgumentException without echoing the value
     */
    public static VaultToken of(String value) {
        Objects.requireNonNull(value, "token");
        String trimmed = value.strip();
        if (trimmed.isEmpty() || !trimmed.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("a Vault token must be non-empty printable ASCII without spaces");
        }
        return new VaultToken(trimmed);
    }

    /** The token text, for the request header only. */
    String reveal() {
        return value;
    }

    /** Constant-time comparison, so a token is never compared by content timing. */
    public boolean sameAs(VaultToken other) {
        return other != null && java.security.MessageDigest.isEqual(value.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                other.value.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "VaultToken[redacted]";
    }
}
