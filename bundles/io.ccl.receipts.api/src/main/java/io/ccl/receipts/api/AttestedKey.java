package io.ccl.receipts.api;

import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A tree head signing key as vouched for by a verified EAR: what {@link AttestedReceiptVerifier}
 * established about the key that signed a head.
 *
 * @param keyId the RFC 7638 thumbprint of the key, equal to the tree head's key id
 * @param publicKey the EC P-256 public key
 * @param jwk the public JWK as the EAR's runtime-data carries it (unmodifiable)
 * @param status the EAR's {@code ccl.status}: {@code affirming}, or {@code warning} when allowed
 * @param tee the EAR's {@code ccl.tee}, or null when absent
 * @param issuer the EAR's {@code iss}, or null when absent
 * @param issuedAt the EAR's {@code iat}
 * @param expiresAt the EAR's {@code exp}
 */
public record AttestedKey(String keyId, ECPublicKey publicKey, Map<String, Object> jwk, String status, String tee,
        String issuer, Instant issuedAt, Instant expiresAt) {
    public AttestedKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(publicKey, "publicKey");
        jwk = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(jwk, "jwk")));
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
