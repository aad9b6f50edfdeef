package io.ccl.crypto;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.Map;
import java.util.Objects;

/**
 * An ES256 (ECDSA P-256, SHA-256) signing key held in memory. Signs JWTs (EAR tokens) and raw data
 * (tree heads). The private key never leaves this object except through
 * {@link #toPrivateJwkInsecure()}, which exists for encrypted persistence only.
 */
public final class SigningKey {
    private final ECKey key;
    private final ECDSASigner signer;

    private SigningKey(ECKey key) throws CryptoException {
        this.key = key;
        try {
            this.signer = new ECDSASigner(key);
        } catch (JOSEException e) {
            throw new CryptoException(CryptoException.Reason.UNSUPPORTED_ALGORITHM, "not a P-256 private key", e);
        }
    }

    /** A fresh P-256 key whose key id is its RFC 7638 thumbprint. */
    public static SigningKey generate() {
        try {
            return new SigningKey(new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256).keyIDFromThumbprint(true).generate());
        } catch (JOSEException | CryptoException e) {
            throw new IllegalStateException("P-256 key generation is mandatory in every JDK", e);
        }
    }

    /** Restores a key written by {@link #toPrivateJwkInsecure()}. */
    public static SigningKey fromPrivateJwk(String json) throws CryptoException {
        try {
            ECKey k = ECKey.parse(json);
            if (!k.isPrivate() || !Curve.P_256.equals(k.getCurve())) {
                throw new CryptoException(CryptoException.Reason.UNSUPPORTED_ALGORITHM, "need a private P-256 JWK");
            }
            return new SigningKey(k);
        } catch (ParseException e) {
            throw new CryptoException(CryptoException.Reason.MALFORMED, "not a JWK", e);
        }
    }

    /** The key id. */
    public String kid() {
        return key.getKeyID();
    }

    /** The public JWK members. */
    public Map<String, Object> publicJwk() {
        return key.toPublicJWK().toJSONObject();
    }

    /** The private JWK as JSON: only for writing into an encrypted store. */
    public String toPrivateJwkInsecure() {
        return key.toJSONString();
    }

    /**
     * A compact JWS over the claims, header {@code alg=ES256}, {@code kid}, {@code typ}.
     *
     * @param claims JSON-shaped claims
     * @param type the {@code typ} header, e.g. {@code JWT}
     */
    public String signJwt(Map<String, Object> claims, String type) {
        Objects.requireNonNull(claims, "claims");
        try {
            JWTClaimsSet set = JWTClaimsSet.parse(claims);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid())
                    .type(new JOSEObjectType(type)).build(), set);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (ParseException | JOSEException e) {
            throw new IllegalArgumentException("claims cannot be signed: " + e.getMessage(), e);
        }
    }

    /** ECDSA P-256 signature (IEEE P1363 r‖s, 64 bytes) over {@code data}. */
    public byte[] sign(byte[] data) {
        try {
            return signer.sign(new JWSHeader(JWSAlgorithm.ES256), data).decode();
        } catch (JOSEException e) {
            throw new IllegalStateException("ES256 signing failed", e);
        }
    }
}
