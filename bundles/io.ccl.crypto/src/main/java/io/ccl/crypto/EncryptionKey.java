package io.ccl.crypto;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.text.ParseException;
import java.util.Map;

/**
 * An ephemeral P-256 key agreement key for JWE ({@code ECDH-ES+A256KW}, {@code A256GCM}): the
 * runtime's {@code tee-pubkey}, or a requester's key for job results. The runtime's private key
 * never leaves this object; only a requester that must keep its key between two commands exports
 * it, through the explicitly named {@link #toPrivateJwkInsecure()}.
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

    /**
     * A key from a private EC P-256 JWK (as written by {@link #toPrivateJwkInsecure()}).
     *
     * @throws CryptoException {@code MALFORMED} when the text is not a private P-256 JWK
     */
    public static EncryptionKey fromPrivateJwk(String json) throws CryptoException {
        try {
            if (JWK.parse(json) instanceof ECKey ec && ec.isPrivate() && Curve.P_256.equals(ec.getCurve())) {
                return new EncryptionKey(ec);
            }
        } catch (java.text.ParseException | RuntimeException e) {
            // reported below, without the text
        }
        throw new CryptoException(CryptoException.Reason.MALFORMED, "not a private EC P-256 JWK");
    }

    /** The private JWK as JSON: only for a file the owner alone can read. Never for a runtime key. */
    public String toPrivateJwkInsecure() {
        return key.toJSONString();
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
            String[] parts = jwe.split("\\.", -1);
            if (parts.length != 5) {
                throw new ParseException("a compact JWE has five parts", 0);
            }
            object = new JWEObject(new JdkBase64Url(parts[0]), new JdkBase64Url(parts[1]), new JdkBase64Url(parts[2]),
                    new JdkBase64Url(parts[3]), new JdkBase64Url(parts[4]));
        } catch (ParseException | IllegalArgumentException e) {
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

    /**
     * A JWE part decoded by the JDK's strict base64url decoder: Nimbus's own codec is an order of
     * magnitude slower on megabyte payloads (a 30-second call), and stricter decoding only refuses
     * malformed input sooner. The JOSE processing itself stays Nimbus's.
     */
    private static final class JdkBase64Url extends Base64URL {
        private static final long serialVersionUID = 1L;

        JdkBase64Url(String value) {
            super(value);
        }

        @Override
        public byte[] decode() {
            return java.util.Base64.getUrlDecoder().decode(toString());
        }
    }
}
