package io.ccl.crypto;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.text.ParseException;
import java.util.Map;

/**
 * An ephemeral P-256 key agreement key for JWE ({@code ECDH-ES+A256KW}, {@code A256GCM}); the
 * runtime's {@code tee-pubkey}. The private key never leaves this object.
 */
public final class EncryptionKey {
    private final ECKey key;

    private EncryptionKey(ECKey key) {
        this.key = key;
    }

    /** A fresh key whose key id is its RFC 7638 thumbprint. */
    public static EncryptionKey generate() {
        try {
            return new EncryptionKey(new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.ENCRYPTION)
                    .algorithm(JWEAlgorithm.ECDH_ES_A256KW).keyIDFromThumbprint(true).generate());
        } catch (JOSEException e) {
            throw new IllegalStateException("P-256 key generation is mandatory in every JDK", e);
        }
    }

    public String kid() {
        return key.getKeyID();
    }

    /** The public JWK members (what goes into runtime-data as {@code tee-pubkey}). */
    public Map<String, Object> publicJwk() {
        return key.toPublicJWK().toJSONObject();
    }

    /**
     * Opens a compact JWE addressed to this key.
     *
     * @throws CryptoException {@code MALFORMED} for bad syntax, {@code UNSUPPORTED_ALGORITHM} for
     *     any algorithm other than ECDH-ES+A256KW/A256GCM, {@code DECRYPTION_FAILED} otherwise
     */
    public byte[] open(String jwe) throws CryptoException {
        JWEObject object;
        try {
            object = JWEObject.parse(jwe);
        } catch (ParseException e) {
            throw new CryptoException(CryptoException.Reason.MALFORMED, "not a compact JWE");
        }
        Jwe.requireAllowedHeader(object.getHeader(), JWEAlgorithm.ECDH_ES_A256KW);
        try {
            object.decrypt(new ECDHDecrypter(key));
        } catch (JOSEException | RuntimeException e) {
            throw new CryptoException(CryptoException.Reason.DECRYPTION_FAILED, "JWE does not decrypt with this key");
        }
        return object.getPayload().toBytes();
    }
}
