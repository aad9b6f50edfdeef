package io.ccl.crypto;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEEncrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.text.ParseException;
import java.util.Map;
import java.util.Set;

/**
 * Seals data to a recipient's public JWK: {@code ECDH-ES+A256KW} for EC P-256/P-384/P-521 keys,
 * {@code RSA-OAEP-256} for RSA keys of at least 2048 bits, always {@code A256GCM} content
 * encryption. Nothing else is produced or accepted.
 */
public final class Jwe {
    private static final Set<Curve> EC_CURVES = Set.of(Curve.P_256, Curve.P_384, Curve.P_521);

    private Jwe() {
    }

    /** Compact JWE of {@code plaintext} for {@code recipientJwk}; {@code kid} is copied into the header. */
    public static String seal(byte[] plaintext, Map<String, Object> recipientJwk) throws CryptoException {
        JWK jwk = parsePublic(recipientJwk);
        try {
            JWEAlgorithm alg;
            JWEEncrypter encrypter;
            if (jwk instanceof ECKey ec && EC_CURVES.contains(ec.getCurve())) {
                alg = JWEAlgorithm.ECDH_ES_A256KW;
                encrypter = new ECDHEncrypter(ec);
            } else if (jwk instanceof RSAKey rsa && rsa.size() >= 2048) {
                alg = JWEAlgorithm.RSA_OAEP_256;
                encrypter = new RSAEncrypter(rsa);
            } else {
                throw new CryptoException(CryptoException.Reason.UNSUPPORTED_ALGORITHM,
                        "recipient key must be EC P-256/384/521 or RSA >= 2048 bits");
            }
            JWEObject jwe = new JWEObject(new JWEHeader.Builder(alg, EncryptionMethod.A256GCM)
                    .keyID(jwk.getKeyID()).build(), new Payload(plaintext));
            jwe.encrypt(encrypter);
            return jwe.serialize();
        } catch (JOSEException e) {
            throw new CryptoException(CryptoException.Reason.UNSUPPORTED_ALGORITHM, "cannot encrypt to this key", e);
        }
    }

    /** True when the JWK members describe a public key {@link #seal} accepts. */
    public static boolean isSealable(Map<String, Object> jwk) {
        try {
            JWK k = parsePublic(jwk);
            return (k instanceof ECKey ec && EC_CURVES.contains(ec.getCurve()))
                    || (k instanceof RSAKey rsa && rsa.size() >= 2048);
        } catch (CryptoException e) {
            return false;
        }
    }

    /** RFC 7638 SHA-256 thumbprint (base64url) of a public JWK. */
    public static String thumbprint(Map<String, Object> jwk) throws CryptoException {
        try {
            return parsePublic(jwk).computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new CryptoException(CryptoException.Reason.MALFORMED, "cannot compute thumbprint", e);
        }
    }

    static void requireAllowedHeader(JWEHeader header, JWEAlgorithm expected) throws CryptoException {
        if (!expected.equals(header.getAlgorithm()) || !EncryptionMethod.A256GCM.equals(header.getEncryptionMethod())) {
            throw new CryptoException(CryptoException.Reason.UNSUPPORTED_ALGORITHM,
                    "JWE uses " + header.getAlgorithm() + "/" + header.getEncryptionMethod() + ", required "
                            + expected + "/A256GCM");
        }
        if (header.getCompressionAlgorithm() != null) {
            throw new CryptoException(CryptoException.Reason.UNSUPPORTED_ALGORITHM, "compressed JWE refused");
        }
    }

    private static JWK parsePublic(Map<String, Object> jwk) throws CryptoException {
        try {
            JWK k = JWK.parse(jwk);
            if (k.isPrivate()) {
                throw new CryptoException(CryptoException.Reason.MALFORMED, "a private JWK was given where a public one is expected");
            }
            return k;
        } catch (ParseException | RuntimeException e) {
            throw new CryptoException(CryptoException.Reason.MALFORMED, "not a JWK");
        }
    }
}
