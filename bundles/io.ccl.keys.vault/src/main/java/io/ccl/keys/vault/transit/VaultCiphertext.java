package io.ccl.keys.vault.transit;

import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vault's version-prefixed strings {@code vault:v<N>:<standard base64>} (Transit ciphertexts and
 * asn1 signatures). In CCL's byte[] API a ciphertext is that string's UTF-8 (ASCII) bytes.
 */
final class VaultCiphertext {
    private static final Pattern FORMAT = Pattern.compile("vault:v([1-9][0-9]{0,8}):([A-Za-z0-9+/]+={0,2})");
    private static final int MAX_BYTES = 48 << 20;

    private VaultCiphertext() {
    }

    /** The version a ciphertext names. */
    static int version(byte[] ciphertext) throws KeyStorageException {
        return matcher(text(ciphertext)).group(1).chars().reduce(0, (a, c) -> a * 10 + (c - '0'));
    }

    /** The ciphertext as the string Vault takes. */
    static String text(byte[] ciphertext) throws KeyStorageException {
        if (ciphertext.length > MAX_BYTES) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "ciphertext too large");
        }
        for (byte b : ciphertext) {
            if (b < 0x21 || b > 0x7e) {
                throw new KeyStorageException(Reason.INTEGRITY, "not a Vault transit ciphertext");
            }
        }
        String s = new String(ciphertext, StandardCharsets.US_ASCII);
        canonical(matcher(s).group(2));
        return s;
    }

    /** Checks a string Vault returned and names the version: it must be {@code vault:v<expected>:...}. */
    static byte[] fromVault(String value, int expectedVersion, String what) throws KeyStorageException {
        Matcher m = FORMAT.matcher(value == null ? "" : value);
        if (!m.matches() || Integer.parseInt(m.group(1)) != expectedVersion) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "Vault returned an unexpected " + what);
        }
        return value.getBytes(StandardCharsets.US_ASCII);
    }

    /** The base64 payload of a signature string. */
    static String payload(String value) throws KeyStorageException {
        return matcher(value).group(2);
    }

    /**
     * Base64 decoders (Go's and Java's) ignore the unused low bits of the last character, so
     * several strings decode to one ciphertext; only the canonical one is accepted, so that any
     * change to a ciphertext string is refused.
     */
    private static void canonical(String base64) throws KeyStorageException {
        try {
            if (!Base64.getEncoder().encodeToString(Base64.getDecoder().decode(base64)).equals(base64)) {
                throw new KeyStorageException(Reason.INTEGRITY, "not a Vault transit ciphertext (non-canonical base64)");
            }
        } catch (IllegalArgumentException e) {
            throw new KeyStorageException(Reason.INTEGRITY, "not a Vault transit ciphertext (malformed base64)");
        }
    }

    private static Matcher matcher(String s) throws KeyStorageException {
        Matcher m = FORMAT.matcher(s);
        if (!m.matches()) {
            throw new KeyStorageException(Reason.INTEGRITY, "not a Vault transit ciphertext (vault:v<N>:<base64>)");
        }
        return m;
    }
}
