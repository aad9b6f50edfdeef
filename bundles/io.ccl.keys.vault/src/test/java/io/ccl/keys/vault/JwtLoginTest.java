package io.ccl.keys.vault;

import static io.ccl.keys.vault.KeyStorageExceptionAssert.unavailable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.ccl.attestation.api.AttestationResult;
import io.ccl.attestation.api.EarStatus;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.vault.auth.CredentialSource;
import io.ccl.keys.vault.auth.JwtAuth;
import io.ccl.keys.vault.fake.FakeJwtRole;
import io.ccl.runtime.api.AttestationStatus;
import io.ccl.runtime.api.ConfidentialRuntime;
import io.ccl.runtime.api.RuntimeState;
import io.ccl.runtime.api.RuntimeStatus;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * JWT auth with EAR-shaped tokens: the fake checks the signature against the verifier's JWKS, the
 * issuer, expiry, audiences and {@code bound_claims} on the flat {@code ccl.*} claims (and on a
 * JSON pointer into {@code submods}), as Vault would for CCL's attestation service.
 */
class JwtLoginTest {
    static final String ISSUER = "https://verifier.example";
    static final ResourcePath PATH = new ResourcePath("default", "speech", "api-key");

    FakeVaultFixture fx;
    ECKey verifierKey;

    @BeforeEach
    void start() throws Exception {
        fx = new FakeVaultFixture();
        fx.vault.root().policy("ccl-runtime", VaultKeyStorageTckTest.policy("ccl-runtime.hcl"));
        verifierKey = new ECKeyGenerator(Curve.P_256).keyID("ear-signing-key").generate();
        fx.vault.root().jwt("jwt", new JWKSet(verifierKey.toPublicJWK()), ISSUER);
        fx.vault.root().jwtRole("jwt", "ccl-runtime", role(List.of(), Map.of("ccl.status", "affirming", "ccl.tee", List.of("sevsnp", "tdx"))));
        fx.rootStore().putSecret(PATH, VaultSecretsTest.secret("speech key"), OptionalInt.empty());
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    static FakeJwtRole role(List<String> audiences, Map<String, Object> claims) {
        return new FakeJwtRole("sub", audiences, claims, "", Set.of("ccl-runtime"), Duration.ofMinutes(5), Duration.ofMinutes(5));
    }

    /** An EAR as io.ccl.attestation.service issues it (reduced to what Vault looks at). */
    String ear(ECKey signer, String status, String tee, String audience) throws Exception {
        Instant now = fx.clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("runtime-key-thumbprint")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID("ear-1")
                .claim("eat_profile", "tag:github.com,2023:veraison/ear")
                .claim("submods", Map.of(tee, Map.of("ear.status", status)))
                .claim("ccl.status", status)
                .claim("ccl.tee", tee);
        if (audience != null) {
            claims.audience(audience);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signer.getKeyID()).build(), claims.build());
        jwt.sign(new ECDSASigner(signer));
        return jwt.serialize();
    }

    VaultKeyStorage store(String role, AtomicReference<String> ear) throws KeyStorageException {
        return fx.store(fx.settings(), new JwtAuth("jwt", role, CredentialSource.supplier(ear::get, "the runtime's EAR token")));
    }

    @Test
    void anAffirmingEarLogsIn() throws Exception {
        VaultKeyStorage store = store("ccl-runtime", new AtomicReference<>(ear(verifierKey, "affirming", "sevsnp", null)));
        assertTrue(store.getSecret(PATH).isPresent());
        assertEquals(1, store.tokens().logins());
    }

    @Test
    void boundClaimsRefuseAContraindicatedEarOrAnotherTee() throws Exception {
        KeyStorageException e = unavailable(() -> store("ccl-runtime",
                new AtomicReference<>(ear(verifierKey, "contraindicated", "sevsnp", null))).getSecret(PATH));
        assertTrue(e.getMessage().contains("claim \"ccl.status\" does not match any associated bound claim values"), e.getMessage());
        KeyStorageException tee = unavailable(() -> store("ccl-runtime",
                new AtomicReference<>(ear(verifierKey, "affirming", "simulation", null))).getSecret(PATH));
        assertTrue(tee.getMessage().contains("ccl.tee"), tee.getMessage());
    }

    @Test
    void aJsonPointerCanBindASubmoduleClaim() throws Exception {
        fx.vault.root().jwtRole("jwt", "by-pointer", role(List.of(), Map.of("/submods/sevsnp/ear.status", "affirming")));
        assertTrue(store("by-pointer", new AtomicReference<>(ear(verifierKey, "affirming", "sevsnp", null))).getSecret(PATH).isPresent());
        unavailable(() -> store("by-pointer", new AtomicReference<>(ear(verifierKey, "affirming", "tdx", null))).getSecret(PATH));
    }

    @Test
    void aForeignSignerOrAnExpiredEarIsRefused() throws Exception {
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("ear-signing-key").generate();
        KeyStorageException forged = unavailable(() -> store("ccl-runtime",
                new AtomicReference<>(ear(stranger, "affirming", "sevsnp", null))).getSecret(PATH));
        assertTrue(forged.getMessage().contains("failed to verify"), forged.getMessage());
        String ear = ear(verifierKey, "affirming", "sevsnp", null);
        fx.clock.advance(Duration.ofSeconds(300 + 150 + 60 + 1));
        KeyStorageException expired = unavailable(() -> store("ccl-runtime", new AtomicReference<>(ear)).getSecret(PATH));
        assertTrue(expired.getMessage().contains("expired"), expired.getMessage());
        assertFalse(expired.getMessage().contains(ear.substring(0, 40)), "the JWT never appears in a message");
    }

    @Test
    void audiencesBindWhenTheRoleNamesThem() throws Exception {
        fx.vault.root().jwtRole("jwt", "with-aud", role(List.of("vault.example"), Map.of("ccl.status", "affirming")));
        unavailable(() -> store("with-aud", new AtomicReference<>(ear(verifierKey, "affirming", "sevsnp", null))).getSecret(PATH));
        unavailable(() -> store("with-aud", new AtomicReference<>(ear(verifierKey, "affirming", "sevsnp", "other.example"))).getSecret(PATH));
        assertTrue(store("with-aud", new AtomicReference<>(ear(verifierKey, "affirming", "sevsnp", "vault.example"))).getSecret(PATH).isPresent());
        KeyStorageException unbound = unavailable(() -> store("ccl-runtime",
                new AtomicReference<>(ear(verifierKey, "affirming", "sevsnp", "vault.example"))).getSecret(PATH));
        assertTrue(unbound.getMessage().contains("audience claim found in JWT but no audiences bound to the role"), unbound.getMessage());
    }

    @Test
    void eachLoginPresentsTheNewestEar() throws Exception {
        AtomicReference<String> current = new AtomicReference<>(ear(verifierKey, "affirming", "sevsnp", null));
        VaultKeyStorage store = store("ccl-runtime", current);
        assertTrue(store.getSecret(PATH).isPresent());
        // The token cannot be renewed past its 5 min max TTL; meanwhile the runtime re-attested.
        fx.clock.advance(Duration.ofMinutes(4));
        current.set(ear(verifierKey, "affirming", "tdx", null));
        assertTrue(store.getSecret(PATH).isPresent());
        assertEquals(2, store.tokens().logins(), "renewal could not pass the max TTL, so the store logged in again");
        // The runtime's attestation turns contraindicated: its next login is refused, but the
        // token it holds stays valid until it expires (at most token_ttl: keep it short).
        fx.clock.advance(Duration.ofMinutes(3).plusSeconds(30));
        current.set(ear(verifierKey, "contraindicated", "tdx", null));
        assertTrue(store.getSecret(PATH).isPresent());
        fx.clock.advance(Duration.ofMinutes(1).plusSeconds(31));
        KeyStorageException e = unavailable(() -> store.getSecret(PATH));
        assertTrue(e.getMessage().contains("ccl.status"), e.getMessage());
        assertEquals(2, store.tokens().logins(), "the contraindicated EAR got no token");
    }

    @Test
    void theComponentLogsInWithTheRuntimesLatestEar() throws Exception {
        VaultKeyStorage store = new VaultKeyStorage(Configs.config(Map.of("address", fx.vault.address().toString(),
                "ca_file", fx.caBundle.toString(), "auth_method", "jwt", "jwt_role", "ccl-runtime", "token_refresh_seconds", 0)));
        try {
            unavailable(() -> store.getSecret(PATH)); // no runtime bound yet: nothing to log in with
            List<String> tokens = new ArrayList<>(List.of(ear(verifierKey, "affirming", "sevsnp", null)));
            Field runtime = VaultKeyStorage.class.getDeclaredField("runtime");
            runtime.setAccessible(true);
            runtime.set(store, runtimeWith(tokens));
            assertTrue(store.getSecret(PATH).isPresent());
        } finally {
            store.close();
        }
    }

    static ConfidentialRuntime runtimeWith(List<String> ear) {
        return (ConfidentialRuntime) Proxy.newProxyInstance(JwtLoginTest.class.getClassLoader(), new Class<?>[] {ConfidentialRuntime.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("status")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    AttestationResult result = new AttestationResult(ear.get(ear.size() - 1), ISSUER, "sevsnp", EarStatus.AFFIRMING,
                            List.of(), Map.of(), Map.of(), Map.of(), Map.of(), "test", Instant.EPOCH, Instant.MAX);
                    return new RuntimeStatus(RuntimeState.READY, Instant.EPOCH, "", "sevsnp", false, true, AttestationStatus.VERIFIED,
                            Optional.of(result), true, "in-process");
                });
    }
}
