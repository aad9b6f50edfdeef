package io.ccl.receipts.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a {@link TreeHeadSigner} returns.
 *
 * @param keyId identifies the signing key (for the runtime: its RFC 7638 JWK thumbprint)
 * @param signature ES256: ECDSA P-256 with SHA-256 over the message, as the 64-byte big-endian
 *     {@code r || s} of RFC 7518 §3.4 (IEEE P1363), not DER
 * @param ear the EAR token (compact JWS) that vouches for the signing key, or null when none is
 *     available (tests, a runtime that has not attested yet)
 */
public record TreeHeadSignature(String keyId, byte[] signature, String ear) {
    /** Length of an ES256 signature. */
    public static final int ES256_LENGTH = 64;

    public TreeHeadSignature {
        requireKeyId(keyId);
        Objects.requireNonNull(signature, "signature");
        if (signature.length != ES256_LENGTH) {
            throw new IllegalArgumentException("an ES256 signature is 64 bytes (r || s)");
        }
        signature = signature.clone();
    }

    static void requireKeyId(String keyId) {
        Objects.requireNonNull(keyId, "keyId");
        if (keyId.isEmpty() || keyId.length() > 256 || !keyId.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("a key id has 1-256 printable ASCII characters");
        }
    }

    /** The signature (a copy). */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TreeHeadSignature s && keyId.equals(s.keyId) && Arrays.equals(signature, s.signature)
                && Objects.equals(ear, s.ear);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, Arrays.hashCode(signature), ear);
    }

    @Override
    public String toString() {
        return "TreeHeadSignature[keyId=" + keyId + (ear == null ? ", no EAR" : ", with EAR") + "]";
    }
}
