package io.ccl.keys.api;

import java.util.Objects;

/**
 * A signature from {@link KeyStorage#sign}.
 *
 * @param keyName the signing key
 * @param version the key version that signed
 * @param der the ASN.1 DER ECDSA signature
 */
public record KeySignature(String keyName, int version, byte[] der) {
    public KeySignature {
        Objects.requireNonNull(keyName, "keyName");
        der = der.clone();
    }

    @Override
    public byte[] der() {
        return der.clone();
    }
}
