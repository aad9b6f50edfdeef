package io.ccl.keys.vault.fake;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JWT auth at one mount: the JWKS and {@code bound_issuer} of {@code auth/<mount>/config} and the
 * roles. Login follows OpenBao's {@code jwtauth.pathLogin}: signature against the JWKS (EC keys,
 * ES256/ES384), issuer, expiry and not-before with the default leeways (150 s each, plus 60 s clock skew), bound subject,
 * audiences ("audience claim found in JWT but no audiences bound to the role" when the role binds
 * none), the user claim, then {@code bound_claims} (plain names or JSON pointers, string or list
 * values). Simplifications: no OIDC discovery fetch (the JWKS is given directly), no
 * {@code bound_claims_type=glob}, no claim mappings or groups.
 */
final class FakeJwt {
    /** Vault's default {@code expiration_leeway} / {@code not_before_leeway} (150 s) plus {@code clock_skew_leeway} (60 s). */
    static final Duration LEEWAY = Duration.ofSeconds(150 + 60);

    private final JWKSet jwks;
    private final String boundIssuer;
    private final Map<String, FakeJwtRole> roles = new TreeMap<>();

    FakeJwt(JWKSet jwks, String boundIssuer) {
        this.jwks = jwks;
        this.boundIssuer = boundIssuer;
    }

    void role(String name, FakeJwtRole role) {
        roles.put(name, role);
    }

    /** Validates a login; returns the role to issue a token for. */
    FakeJwtRole login(FakeCall call, Instant now) {
        String roleName = call.text("role");
        if (roleName.isEmpty()) {
            throw FakeError.badRequest("missing role");
        }
        FakeJwtRole role = roles.get(roleName);
        if (role == null) {
            throw FakeError.badRequest("role \"" + roleName + "\" could not be found");
        }
        String token = call.text("jwt");
        if (token.isEmpty()) {
            throw FakeError.badRequest("missing token");
        }
        JWTClaimsSet claims = validate(token, role, now);
        List<String> aud = claims.getAudience();
        if (aud != null && !aud.isEmpty() && role.boundAudiences().isEmpty()) {
            throw FakeError.badRequest("audience claim found in JWT but no audiences bound to the role");
        }
        Map<String, Object> all = claims.toJSONObject();
        if (!(claim(all, role.userClaim()) instanceof String)) {
            throw FakeError.badRequest("claim \"" + role.userClaim() + "\" not found in token");
        }
        for (Map.Entry<String, Object> bound : role.boundClaims().entrySet()) {
            Object actual = claim(all, bound.getKey());
            if (actual == null) {
                throw FakeError.badRequest("error validating claims: claim \"" + bound.getKey() + "\" is missing");
            }
            if (!matches(bound.getValue(), actual)) {
                throw FakeError.badRequest("error validating claims: claim \"" + bound.getKey() + "\" does not match any associated bound claim values");
            }
        }
        return role;
    }

    private JWTClaimsSet validate(String token, FakeJwtRole role, Instant now) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw FakeError.badRequest("error validating token: malformed token");
        }
        if (!verified(jwt)) {
            throw FakeError.badRequest("error validating token: failed to verify id token signature");
        }
        if (!boundIssuer.isEmpty() && !boundIssuer.equals(claims.getIssuer())) {
            throw FakeError.badRequest("error validating token: invalid issuer (iss) claim");
        }
        Date exp = claims.getExpirationTime();
        if (exp != null && now.isAfter(exp.toInstant().plus(LEEWAY))) {
            throw FakeError.badRequest("error validating token: invalid expiration time (exp) claim: token is expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(LEEWAY).isBefore(nbf.toInstant())) {
            throw FakeError.badRequest("error validating token: invalid not before (nbf) claim: token not yet valid");
        }
        if (!role.boundSubject().isEmpty() && !role.boundSubject().equals(claims.getSubject())) {
            throw FakeError.badRequest("error validating token: invalid subject (sub) claim");
        }
        if (!role.boundAudiences().isEmpty()) {
            List<String> aud = claims.getAudience() == null ? List.of() : claims.getAudience();
            if (aud.stream().noneMatch(role.boundAudiences()::contains)) {
                throw FakeError.badRequest("error validating token: invalid audience (aud) claim: audience claim does not match any expected audience");
            }
        }
        return claims;
    }

    private boolean verified(SignedJWT jwt) {
        String kid = jwt.getHeader().getKeyID();
        for (JWK key : jwks.getKeys()) {
            if ((kid != null && !kid.equals(key.getKeyID())) || !(key instanceof ECKey)) {
                continue;
            }
            try {
                JWSVerifier verifier = new ECDSAVerifier((ECKey) key);
                if (jwt.verify(verifier)) {
                    return true;
                }
            } catch (JOSEException e) {
                // a key of another curve: try the next one
            }
        }
        return false;
    }

    /** A claim by name, or by JSON pointer when it starts with '/'. */
    @SuppressWarnings("unchecked")
    static Object claim(Map<String, Object> claims, String name) {
        if (!name.startsWith("/")) {
            return claims.get(name);
        }
        Object node = claims;
        for (String raw : name.substring(1).split("/", -1)) {
            String segment = raw.replace("~1", "/").replace("~0", "~");
            if (!(node instanceof Map)) {
                return null;
            }
            node = ((Map<String, Object>) node).get(segment);
        }
        return node;
    }

    private static boolean matches(Object expected, Object actual) {
        List<String> want = strings(expected);
        for (String have : strings(actual)) {
            if (want.contains(have)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List) {
            for (Object o : (List<?>) value) {
                out.add(String.valueOf(o));
            }
        } else {
            out.add(String.valueOf(value));
        }
        return out;
    }
}
