package io.ccl.keys.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.attestation.api.Appraisal;
import io.ccl.attestation.api.AttestationResult;
import io.ccl.attestation.api.EarStatus;
import io.ccl.attestation.api.Finding;
import io.ccl.audit.api.AuditEvent;
import io.ccl.audit.api.AuditTrail;
import io.ccl.crypto.EncryptionKey;
import io.ccl.keys.api.Actor;
import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyVersionState;
import io.ccl.keys.api.Lockdown;
import io.ccl.keys.api.LockdownScope;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.RewrapResult;
import io.ccl.keys.api.SecretBytes;
import io.ccl.keys.api.SecretVersion;
import io.ccl.keys.local.LocalKeyStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyManagementComponentTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final Actor OPS = new Actor("token:ops", "rest");
    private static final ResourcePath DATA_KEY = ResourcePath.parse("default/key/data");
    private static final ResourcePath API_KEY = ResourcePath.parse("default/secret/api");
    private static final String SECRET_TEXT = "sk-live-4f9a2c77e1";
    private static final String MEASUREMENT = "ab".repeat(48);

    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(T0);
    LocalKeyStorage store;
    KeyManagementComponent km;
    List<AuditEvent> events = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        store = new LocalKeyStorage(dir.resolve("keys"), null, clock);
        km = open(RotationSchedule.parse(new String[] {"scheduled=PT1H"}));
    }

    private KeyManagementComponent open(RotationSchedule schedule) throws Exception {
        AuditTrail trail = new AuditTrail(KeyManagementComponent.AUDIT_LOGGER);
        trail.addSink(events::add);
        return new KeyManagementComponent(store, dir.resolve("state"), schedule,
                List.of("forbid.", "minimum."), 100, clock, trail);
    }

    @AfterEach
    void tearDown() {
        km.close();
        store.close();
    }

    private int put(ResourcePath path, String value) throws KeyStorageException {
        return km.putSecret(OPS, path, SecretBytes.copyOf(value.getBytes(StandardCharsets.UTF_8), InsecureSecretAccess.get()),
                OptionalInt.empty());
    }

    private static AttestationResult result(EncryptionKey key, String measurement) {
        return new AttestationResult("h.p.s", "https://verifier.example", "sevsnp", EarStatus.AFFIRMING, List.of(),
                Map.of(), Map.of("measurement", measurement, "tcb", Map.of("snp", 22)), key.publicJwk(), Map.of(),
                "prod", T0, T0.plusSeconds(300));
    }

    @Test
    void lifecycleOperationsAreAuditedWithoutMaterial() throws Exception {
        km.createKey(OPS, "wrap", KeyAlgorithm.AES_256_GCM, EnumSet.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT));
        byte[] old = store.encrypt("wrap", "payload".getBytes(StandardCharsets.UTF_8), null);
        KeyInfo rotated = km.rotateKey(OPS, "wrap");
        assertEquals(2, rotated.latestVersion());
        RewrapResult rewrapped = km.rewrap(OPS, "wrap", List.of(old, new byte[] {1, 2, 3}), null);
        assertEquals(1, rewrapped.failures().size(), "the malformed ciphertext fails alone");
        assertEquals("payload", new String(store.decrypt("wrap", rewrapped.ciphertexts().get(0), null), StandardCharsets.UTF_8));
        KeyInfo retired = km.retireKey(OPS, "wrap", 2);
        assertEquals(KeyVersionState.RETIRED, retired.versions().get(0).state());
        assertEquals(KeyStorageException.Reason.KEY_UNUSABLE,
                assertThrows(KeyStorageException.class, () -> store.decrypt("wrap", old, null)).reason());
        KeyInfo revoked = km.revokeKey(OPS, "wrap", OptionalInt.empty(), "compromised laptop");
        assertTrue(revoked.versions().stream().allMatch(v -> v.state() == KeyVersionState.REVOKED));
        assertEquals(KeyStorageException.Reason.KEY_UNUSABLE, assertThrows(KeyStorageException.class,
                () -> store.encrypt("wrap", new byte[1], null)).reason());
        put(API_KEY, SECRET_TEXT);
        assertThrows(KeyStorageException.class, () -> km.retireKey(OPS, "wrap", 9));
        assertThrows(KeyStorageException.class, () -> km.revokeKey(OPS, "wrap", OptionalInt.empty(), "bad\nreason"));

        List<String> actions = events.stream().map(e -> e.action() + ":" + e.outcome()).toList();
        assertEquals(List.of("key.create:ok", "key.rotate:ok", "key.rewrap:ok", "key.retire:ok", "key.revoke:ok",
                "secret.put:ok", "key.retire:failed"), actions);
        for (AuditEvent e : events) {
            assertEquals(OPS.toString(), e.actor());
            String line = AuditTrail.line(e);
            assertFalse(line.contains(SECRET_TEXT), line);
            assertFalse(line.contains("payload"), line);
        }
    }

    @Test
    void scheduledRotationRotatesWhenTheActiveVersionIsOldEnough() throws Exception {
        km.createKey(OPS, "scheduled", KeyAlgorithm.AES_256_GCM, EnumSet.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT));
        clock.advance(Duration.ofMinutes(59));
        assertEquals(List.of(), km.rotateDue());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(List.of("scheduled"), km.rotateDue());
        assertEquals(2, km.keyInfo("scheduled").orElseThrow().latestVersion());
        assertEquals(List.of(), km.rotateDue(), "the new version is not due yet");
        assertEquals("system:scheduler via scheduler", events.get(events.size() - 1).actor());
        assertThrows(IllegalArgumentException.class, () -> RotationSchedule.parse(new String[] {"k=PT10S"}));
        assertThrows(IllegalArgumentException.class, () -> RotationSchedule.parse(new String[] {"k=monthly"}));
    }

    @Test
    void lockdownRevokesWhatTheCoveredRuntimeReceivedAndSurvivesRestart() throws Exception {
        EncryptionKey runtimeA = EncryptionKey.generate();
        EncryptionKey runtimeB = EncryptionKey.generate();
        int v = put(DATA_KEY, "data-key-bytes-000000000000000000");
        put(API_KEY, SECRET_TEXT);
        km.recordRelease(result(runtimeA, MEASUREMENT), DATA_KEY, v);
        km.recordRelease(result(runtimeB, "cd".repeat(48)), API_KEY, 1);

        Lockdown lockdown = km.lockdown(OPS, LockdownScope.parse("measurement=" + MEASUREMENT.toUpperCase()), "TCB revoked");
        assertEquals(List.of(DATA_KEY + "#" + v), lockdown.revokedReleases());
        assertTrue(store.getSecret(DATA_KEY).isEmpty(), "released version revoked");
        assertEquals(SecretVersion.State.DELETED, store.secretVersions(DATA_KEY).get(0).state());
        assertTrue(store.getSecret(API_KEY).isPresent(), "other runtime's release untouched");
        assertTrue(km.lockdownFor(result(runtimeA, MEASUREMENT)).isPresent());
        assertTrue(km.lockdownFor(result(runtimeB, "cd".repeat(48))).isEmpty());

        km.close();
        km = open(RotationSchedule.parse(new String[0]));
        assertEquals(1, km.lockdowns().size(), "a restart does not lift a lockdown");
        assertTrue(km.lockdownFor(result(runtimeA, MEASUREMENT)).isPresent());
        assertEquals(List.of(), km.recover(OPS, LockdownScope.all()), "recover ends exactly the given scope");
        assertEquals(1, km.recover(OPS, lockdown.scope()).size());
        assertTrue(km.lockdownFor(result(runtimeA, MEASUREMENT)).isEmpty());
        assertTrue(events.stream().anyMatch(e -> e.action().equals("secret.revoke") && e.target().equals(DATA_KEY + "#" + v)));
    }

    @Test
    void gateContraindicatesLockedDownRuntimesAndLocksDownKnownRuntimesThatTurnBad() throws Exception {
        EncryptionKey known = EncryptionKey.generate();
        EncryptionKey stranger = EncryptionKey.generate();
        put(API_KEY, SECRET_TEXT);
        km.recordRelease(result(known, MEASUREMENT), API_KEY, 1);
        Map<String, Object> claims = Map.of("measurement", MEASUREMENT);
        Appraisal good = new Appraisal("prod", EarStatus.AFFIRMING,
                List.of(new Finding("reference.measurement", EarStatus.AFFIRMING, "ok")), Map.of());
        Appraisal bad = new Appraisal("prod", EarStatus.CONTRAINDICATED,
                List.of(new Finding("forbid.measurement", EarStatus.CONTRAINDICATED, "revoked")), Map.of());
        Appraisal badOther = new Appraisal("prod", EarStatus.CONTRAINDICATED,
                List.of(new Finding("reference.measurement", EarStatus.CONTRAINDICATED, "no longer listed")), Map.of());

        assertEquals(List.of(), km.review("sevsnp", claims, known.publicJwk(), good));
        assertEquals(List.of(), km.review("sevsnp", claims, stranger.publicJwk(), bad), "unknown runtimes hold nothing");
        assertEquals(List.of(), km.review("sevsnp", claims, known.publicJwk(), badOther), "not listed is not revoked: degrade, do not lock down");
        List<Finding> findings = km.review("sevsnp", claims, known.publicJwk(), bad);
        assertEquals(1, findings.size());
        assertEquals(Lockdown.FINDING, findings.get(0).code());
        assertEquals(EarStatus.CONTRAINDICATED, findings.get(0).status());
        assertTrue(store.getSecret(API_KEY).isEmpty(), "what the runtime held is revoked");
        assertEquals(LockdownScope.RUNTIME, km.lockdowns().get(0).scope().claim());
        assertEquals("verifier via verifier", km.lockdowns().get(0).actor());
        assertEquals(Lockdown.FINDING, km.review("sevsnp", claims, known.publicJwk(), good).get(0).code(),
                "stays locked down even when the appraisal is good again");

        km.lockdown(OPS, LockdownScope.all(), "operator drill");
        assertEquals(Lockdown.FINDING, km.review("sevsnp", claims, stranger.publicJwk(), good).get(0).code());
    }

    @Test
    void scopesParseStrictly() {
        assertTrue(LockdownScope.parse("*").isAll());
        assertEquals("runtime", LockdownScope.parse("runtime=abc").claim());
        assertThrows(IllegalArgumentException.class, () -> LockdownScope.parse("measurement"));
        assertThrows(IllegalArgumentException.class, () -> LockdownScope.parse("a b=c"));
        assertThrows(IllegalArgumentException.class, () -> LockdownScope.parse("x=" + "a".repeat(600)));
    }

    /** A clock tests can move. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
