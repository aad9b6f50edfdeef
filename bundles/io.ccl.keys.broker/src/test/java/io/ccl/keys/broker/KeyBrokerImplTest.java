package io.ccl.keys.broker;

import static io.ccl.keys.broker.TestResults.NOW;
import static io.ccl.keys.broker.TestResults.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccl.attestation.api.AttestationResult;
import io.ccl.attestation.api.EarStatus;
import io.ccl.crypto.EncryptionKey;
import io.ccl.keys.api.Actor;
import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.KeyStorage;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.LockdownScope;
import io.ccl.keys.api.ReleaseDeniedException;
import io.ccl.keys.api.ReleaseDeniedException.Reason;
import io.ccl.keys.api.ReleasePolicy;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.SecretBytes;
import io.ccl.keys.broker.policy.ConfiguredReleasePolicy;
import io.ccl.keys.broker.policy.ResourceGlob;
import io.ccl.keys.local.LocalKeyStorage;
import io.ccl.keys.management.KeyManagementComponent;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyBrokerImplTest {
    private static final ResourcePath API_KEY = ResourcePath.parse("default/secret/api-key");
    private static final String POLICY = "{\"rules\":["
            + "{\"resources\":\"default/*/*\",\"tee_types\":[\"simulation\"],\"min_status\":\"affirming\"},"
            + "{\"resources\":\"lenient/*/*\",\"tee_types\":[\"simulation\"],\"min_status\":\"warning\"}]}";
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;
    LocalKeyStorage store;
    KeyManagementComponent management;
    ReleasePolicy policy;
    EncryptionKey runtimeKey = EncryptionKey.generate();
    List<String> auditLines = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        store = new LocalKeyStorage(dir.resolve("keys"), null, CLOCK);
        put(API_KEY, "old-value");
        put(API_KEY, "sk-live-value");
        put(ResourcePath.parse("lenient/secret/token"), "lenient-value");
        Path file = dir.resolve("release-policy.json");
        Files.writeString(file, POLICY);
        policy = new ConfiguredReleasePolicy(file);
        management = KeyManagementComponent.embedded(store, dir.resolve("management"), CLOCK);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private void put(ResourcePath path, String value) throws KeyStorageException {
        store.putSecret(path, SecretBytes.copyOf(value.getBytes(StandardCharsets.UTF_8), InsecureSecretAccess.get()), OptionalInt.empty());
    }

    private KeyBrokerImpl broker(boolean acceptWarning, List<ResourceGlob> revoked) {
        return broker(store, policy, acceptWarning, revoked);
    }

    private KeyBrokerImpl broker(KeyStorage storage, ReleasePolicy releasePolicy, boolean acceptWarning, List<ResourceGlob> revoked) {
        return new KeyBrokerImpl(storage, releasePolicy, management, acceptWarning, revoked, CLOCK, new ReleaseAudit(auditLines::add));
    }

    private AttestationResult simulation(EarStatus status) {
        return result("simulation", status, Map.of(), runtimeKey.publicJwk(), NOW.plusSeconds(300));
    }

    private Reason denial(KeyBrokerImpl broker, ResourcePath path, AttestationResult result) {
        return assertThrows(ReleaseDeniedException.class, () -> broker.release(path, result)).reason();
    }

    private static JsonNode header(String jwe) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwe.substring(0, jwe.indexOf('.'))));
    }

    @Test
    void releasesTheNewestVersionSealedToTheAttestedKey() throws Exception {
        String jwe = broker(false, List.of()).release(API_KEY, simulation(EarStatus.AFFIRMING));
        assertEquals("sk-live-value", new String(runtimeKey.open(jwe), StandardCharsets.UTF_8));
        JsonNode header = header(jwe);
        assertEquals("ECDH-ES+A256KW", header.path("alg").asText());
        assertEquals("A256GCM", header.path("enc").asText());
        assertEquals(runtimeKey.kid(), header.path("kid").asText());
        assertFalse(jwe.contains(Base64.getUrlEncoder().withoutPadding().encodeToString("sk-live-value".getBytes(StandardCharsets.UTF_8))));
        assertEquals(1, auditLines.size());
        String line = auditLines.get(0);
        assertTrue(line.contains("decision=release reason=- path=default/secret/api-key version=2 tee=simulation"), line);
        assertTrue(line.contains("jti=jti-123"), line);
        assertFalse(line.contains("sk-live"), "no secret in the audit line");
    }

    @Test
    void lockdownStopsReleasesAndRevokesWhatTheRuntimeHeld() throws Exception {
        KeyBrokerImpl broker = broker(false, List.of());
        AttestationResult result = simulation(EarStatus.AFFIRMING);
        broker.release(API_KEY, result);
        EncryptionKey otherKey = EncryptionKey.generate();
        AttestationResult other = result("simulation", EarStatus.AFFIRMING, Map.of(), otherKey.publicJwk(), NOW.plusSeconds(300));
        broker.release(ResourcePath.parse("lenient/secret/token"), other);

        Actor ops = new Actor("token:ops", "rest");
        String thumbprint = io.ccl.crypto.Jwe.thumbprint(runtimeKey.publicJwk());
        management.lockdown(ops, new LockdownScope(LockdownScope.RUNTIME, thumbprint), "host compromised");
        assertEquals(Reason.REVOKED, denial(broker, API_KEY, result), "nothing released to a runtime in lockdown");
        assertEquals(Reason.REVOKED, denial(broker, API_KEY, other), "the version it held is revoked for everybody");
        assertEquals(1, store.getSecret(API_KEY, 1).map(s -> 1).orElse(0), "older versions were never released");
        assertEquals("lenient-value", new String(otherKey.open(broker.release(ResourcePath.parse("lenient/secret/token"), other)),
                StandardCharsets.UTF_8), "other runtimes keep what they had");

        put(API_KEY, "fresh-after-lockdown");
        assertEquals("fresh-after-lockdown", new String(otherKey.open(broker.release(API_KEY, other)), StandardCharsets.UTF_8));
        management.recover(ops, new LockdownScope(LockdownScope.RUNTIME, thumbprint));
        assertEquals("fresh-after-lockdown", new String(runtimeKey.open(broker.release(API_KEY, result)), StandardCharsets.UTF_8));
    }

    @Test
    void aReleaseTheLedgerCannotRecordIsDenied() throws Exception {
        Files.writeString(dir.resolve("not-a-dir"), "a file where the ledger directory should be");
        KeyManagementComponent broken = KeyManagementComponent.embedded(store, dir.resolve("not-a-dir").resolve("sub"), CLOCK);
        KeyBrokerImpl broker = new KeyBrokerImpl(store, policy, broken, false, List.of(), CLOCK, new ReleaseAudit(auditLines::add));
        assertEquals(Reason.UNAVAILABLE, denial(broker, API_KEY, simulation(EarStatus.AFFIRMING)));
    }

    @Test
    void anotherRuntimeKeyCannotOpenTheRelease() throws Exception {
        String jwe = broker(false, List.of()).release(API_KEY, simulation(EarStatus.AFFIRMING));
        assertThrows(io.ccl.crypto.CryptoException.class, () -> EncryptionKey.generate().open(jwe));
    }

    @Test
    void rsaKeysGetRsaOaep256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        RSAPublicKey rsa = (RSAPublicKey) generator.generateKeyPair().getPublic();
        Map<String, Object> jwk = Map.of("kty", "RSA", "n", base64url(rsa.getModulus()), "e", base64url(rsa.getPublicExponent()));
        String jwe = broker(false, List.of()).release(API_KEY,
                result("simulation", EarStatus.AFFIRMING, Map.of(), jwk, NOW.plusSeconds(300)));
        assertEquals("RSA-OAEP-256", header(jwe).path("alg").asText());
        assertEquals("A256GCM", header(jwe).path("enc").asText());
    }

    private static String base64url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        int skip = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOfRange(bytes, skip, bytes.length));
    }

    @Test
    void untrustworthyResultsAreNotAttested() {
        KeyBrokerImpl broker = broker(false, List.of());
        assertEquals(Reason.NOT_ATTESTED, denial(broker, API_KEY, null));
        assertEquals(Reason.NOT_ATTESTED, denial(broker, API_KEY, simulation(EarStatus.CONTRAINDICATED)));
        assertEquals(Reason.NOT_ATTESTED, denial(broker, API_KEY, simulation(EarStatus.NONE)));
        assertEquals(Reason.NOT_ATTESTED, denial(broker, API_KEY, simulation(EarStatus.WARNING)));
        assertEquals(4, auditLines.size());
        assertTrue(auditLines.get(0).contains("decision=deny reason=NOT_ATTESTED path=default/secret/api-key version=- tee=-"));
    }

    @Test
    void expiredResultsAreRefused() {
        KeyBrokerImpl broker = broker(false, List.of());
        Map<String, Object> jwk = runtimeKey.publicJwk();
        assertEquals(Reason.ATTESTATION_EXPIRED, denial(broker, API_KEY, result("simulation", EarStatus.AFFIRMING, Map.of(), jwk, NOW)));
        assertEquals(Reason.ATTESTATION_EXPIRED,
                denial(broker, API_KEY, result("simulation", EarStatus.AFFIRMING, Map.of(), jwk, NOW.minusSeconds(1))));
        assertEquals(Reason.ATTESTATION_EXPIRED, denial(broker, API_KEY, result("simulation", EarStatus.AFFIRMING, Map.of(), jwk, null)));
        KeyBrokerImpl later = new KeyBrokerImpl(store, policy, management, false, List.of(), Clock.fixed(NOW.plusSeconds(300), ZoneOffset.UTC),
                new ReleaseAudit(auditLines::add));
        assertEquals(Reason.ATTESTATION_EXPIRED, denial(later, API_KEY, simulation(EarStatus.AFFIRMING)));
    }

    @Test
    void warningTierNeedsAcceptWarningAndAPolicyThatAllowsIt() throws Exception {
        AttestationResult warning = simulation(EarStatus.WARNING);
        assertEquals(Reason.NOT_ATTESTED, denial(broker(false, List.of()), ResourcePath.parse("lenient/secret/token"), warning));
        KeyBrokerImpl accepting = broker(true, List.of());
        assertEquals(Reason.POLICY_DENIED, denial(accepting, API_KEY, warning), "default/*/* requires affirming");
        assertEquals("lenient-value",
                new String(runtimeKey.open(accepting.release(ResourcePath.parse("lenient/secret/token"), warning)), StandardCharsets.UTF_8));
    }

    @Test
    void unusableTeeKeysAreRefused() throws Exception {
        KeyBrokerImpl broker = broker(false, List.of());
        assertEquals(Reason.NO_TEE_KEY, denial(broker, API_KEY, result("simulation", EarStatus.AFFIRMING, Map.of(), Map.of(), NOW.plusSeconds(60))));
        Map<String, Object> withPrivate = new HashMap<>(runtimeKey.publicJwk());
        withPrivate.put("d", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        assertEquals(Reason.NO_TEE_KEY, denial(broker, API_KEY, result("simulation", EarStatus.AFFIRMING, Map.of(), withPrivate, NOW.plusSeconds(60))));
        Map<String, Object> symmetric = Map.of("kty", "oct", "k", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        assertEquals(Reason.NO_TEE_KEY, denial(broker, API_KEY, result("simulation", EarStatus.AFFIRMING, Map.of(), symmetric, NOW.plusSeconds(60))));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        RSAPublicKey weak = (RSAPublicKey) generator.generateKeyPair().getPublic();
        Map<String, Object> weakJwk = Map.of("kty", "RSA", "n", base64url(weak.getModulus()), "e", base64url(weak.getPublicExponent()));
        assertEquals(Reason.NO_TEE_KEY, denial(broker, API_KEY, result("simulation", EarStatus.AFFIRMING, Map.of(), weakJwk, NOW.plusSeconds(60))));
    }

    @Test
    void policyDenialsIncludingAFailingPolicy() {
        KeyBrokerImpl broker = broker(false, List.of());
        assertEquals(Reason.POLICY_DENIED, denial(broker, ResourcePath.parse("other/secret/api-key"), simulation(EarStatus.AFFIRMING)));
        assertEquals(Reason.POLICY_DENIED, denial(broker, API_KEY,
                result("sevsnp", EarStatus.AFFIRMING, Map.of(), runtimeKey.publicJwk(), NOW.plusSeconds(60))));
        ReleasePolicy failing = (path, result) -> {
            throw new IllegalStateException("policy bug");
        };
        assertEquals(Reason.POLICY_DENIED, denial(broker(store, failing, false, List.of()), API_KEY, simulation(EarStatus.AFFIRMING)));
    }

    @Test
    void missingAndDeletedSecretsAreNotFound() throws Exception {
        KeyBrokerImpl broker = broker(false, List.of());
        assertEquals(Reason.NOT_FOUND, denial(broker, ResourcePath.parse("default/secret/none"), simulation(EarStatus.AFFIRMING)));
        store.deleteSecret(API_KEY);
        assertEquals(Reason.NOT_FOUND, denial(broker, API_KEY, simulation(EarStatus.AFFIRMING)));
    }

    @Test
    void revokedResourcesAreRefusedEvenWhenPolicyGrantsThem() throws Exception {
        KeyBrokerImpl broker = broker(false, List.of(ResourceGlob.parse("default/secret/api-*")));
        assertEquals(Reason.REVOKED, denial(broker, API_KEY, simulation(EarStatus.AFFIRMING)));
        assertTrue(auditLines.get(0).contains("reason=REVOKED"));
        KeyStorage unusable = failingStore(KeyStorageException.Reason.KEY_UNUSABLE);
        assertEquals(Reason.REVOKED, denial(broker(unusable, policy, false, List.of()), API_KEY, simulation(EarStatus.AFFIRMING)));
    }

    @Test
    void storeFailuresAreUnavailable() {
        assertEquals(Reason.UNAVAILABLE, denial(broker(failingStore(KeyStorageException.Reason.INTEGRITY), policy, false, List.of()),
                API_KEY, simulation(EarStatus.AFFIRMING)));
        store.close();
        assertEquals(Reason.UNAVAILABLE, denial(broker(false, List.of()), API_KEY, simulation(EarStatus.AFFIRMING)));
    }

    @Test
    void invalidRevocationPatternFailsActivation() {
        assertThrows(IllegalArgumentException.class, () -> new KeyBrokerImpl(policy, management, config(new String[] {"default/*"})));
        new KeyBrokerImpl(policy, management, config(new String[] {"", "default/secret/x"}));
    }

    private static KeyBrokerImpl.Config config(String[] revoked) {
        return new KeyBrokerImpl.Config() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return KeyBrokerImpl.Config.class;
            }

            @Override
            public String store_target() {
                return "(ccl.keys.store=local)";
            }

            @Override
            public String policy_target() {
                return "(ccl.release.policy=configured)";
            }

            @Override
            public boolean accept_warning() {
                return false;
            }

            @Override
            public String[] revoked_resources() {
                return revoked;
            }
        };
    }

    /** A store whose every call fails with {@code reason}. */
    private static KeyStorage failingStore(KeyStorageException.Reason reason) {
        return (KeyStorage) Proxy.newProxyInstance(KeyStorage.class.getClassLoader(), new Class<?>[] {KeyStorage.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("kind")) {
                        return "failing";
                    }
                    throw new KeyStorageException(reason, "simulated " + reason);
                });
    }
}
