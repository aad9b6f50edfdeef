package io.ccl.attestation.service.ear;

import io.ccl.crypto.CryptoException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.KeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Map;

/**
 * The Veraison key-attestation extension of EAR: {@code ear.veraison.key-attestation.akpub} is the
 * base64url (unpadded) DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) of the attested key, as
 * veraison/ear's {@code SetKeyAttestation} writes it. CCL carries the same key as a JWK in
 * {@code ccl.tee-pubkey}; this converts one into the other with the JDK only.
 */
public final class KeyAttestation {
    private static final Map<String, String> CURVES = Map.of("P-256", "secp256r1", "P-384", "secp384r1",
            "P-521", "secp521r1");

    private KeyAttestation() {
    }

    /** {@code akpub} for a public EC (P-256/384/521) or RSA JWK. */
    public static String akpub(Map<String, Object> jwk) throws CryptoException {
        try {
            KeySpec spec;
            String algorithm;
            Object kty = jwk.get("kty");
            if ("EC".equals(kty)) {
                String curve = CURVES.get(String.valueOf(jwk.get("crv")));
                if (curve == null) {
                    throw new CryptoException(CryptoException.Reason.UNSUPPORTED_ALGORITHM, "unsupported curve");
                }
                AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
                params.init(new ECGenParameterSpec(curve));
                spec = new ECPublicKeySpec(new ECPoint(unsigned(jwk, "x"), unsigned(jwk, "y")),
                        params.getParameterSpec(ECParameterSpec.class));
                algorithm = "EC";
            } else if ("RSA".equals(kty)) {
                spec = new RSAPublicKeySpec(unsigned(jwk, "n"), unsigned(jwk, "e"));
                algorithm = "RSA";
            } else {
                throw new CryptoException(CryptoException.Reason.UNSUPPORTED_ALGORITHM, "unsupported key type");
            }
            byte[] der = KeyFactory.getInstance(algorithm).generatePublic(spec).getEncoded();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(der);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CryptoException(CryptoException.Reason.MALFORMED, "JWK cannot be encoded as a public key");
        }
    }

    private static BigInteger unsigned(Map<String, Object> jwk, String member) {
        if (!(jwk.get(member) instanceof String s)) {
            throw new IllegalArgumentException("JWK member " + member + " is missing");
        }
        return new BigInteger(1, Base64.getUrlDecoder().decode(s));
    }
}
