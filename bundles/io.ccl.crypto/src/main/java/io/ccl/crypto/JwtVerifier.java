package io.ccl.crypto;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * Verifies ES256 JWTs (EAR tokens) against a JSON Web Key Set at a given time. Only ES256 is
 * accepted; {@code exp} is mandatory; {@code iss} must equal the expected issuer when one is given.
 */
public final class JwtVerifier {
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private final JWKSet keys;

    private JwtVerifier(JWKSet keys) {
        this.keys = keys;
    }

    /** A verifier trusting the keys of a JWKS document ({@code {"keys":[...]}}). */
    public static JwtVerifier forJwks(Map<String, Object> jwks) throws CryptoException {
        try {
            return new JwtVerifier(JWKSet.parse(jwks));
        } catch (ParseException e) {
            throw new CryptoException(CryptoException.Reason.MALFORMED, "not a JWKS", e);
        }
    }

    /**
     * Verifies a token and returns its claims.
     *
     * @param expectedIssuer the required {@code iss}, or null to accept any
     */
    public Map<String, Object> verify(String token, Instant now, String expectedIssuer) throws CryptoException {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new CryptoException(CryptoException.Reason.MALFORMED, "not a signed JWT");
        }
        if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
            throw new CryptoException(CryptoException.Reason.UNSUPPORTED_ALGORITHM,
                    "token algorithm " + jwt.getHeader().getAlgorithm() + ", required ES256");
        }
        JWK jwk = jwt.getHeader().getKeyID() == null ? null : keys.getKeyByKeyId(jwt.getHeader().getKeyID());
        if (!(jwk instanceof ECKey ec)) {
            throw new CryptoException(CryptoException.Reason.UNKNOWN_KEY, "token key id is not in the key set");
        }
        try {
            if (!jwt.verify(new ECDSAVerifier(ec.toPublicJWK()))) {
                throw new CryptoException(CryptoException.Reason.BAD_SIGNATURE, "token signature does not verify");
            }
        } catch (JOSEException e) {
            throw new CryptoException(CryptoException.Reason.BAD_SIGNATURE, "token signature does not verify", e);
        }
        checkTimes(claims, now);
        if (expectedIssuer != null && !expectedIssuer.equals(claims.getIssuer())) {
            throw new CryptoException(CryptoException.Reason.WRONG_ISSUER,
                    "token issuer " + claims.getIssuer() + ", expected " + expectedIssuer);
        }
        return claims.toJSONObject();
    }

    private static void checkTimes(JWTClaimsSet claims, Instant now) throws CryptoException {
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new CryptoException(CryptoException.Reason.MALFORMED, "token has no exp");
        }
        if (!now.minus(CLOCK_SKEW).isBefore(exp.toInstant())) {
            throw new CryptoException(CryptoException.Reason.EXPIRED, "token expired at " + exp.toInstant());
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(CLOCK_SKEW).isBefore(nbf.toInstant())) {
            throw new CryptoException(CryptoException.Reason.EXPIRED, "token not valid before " + nbf.toInstant());
        }
    }
}
