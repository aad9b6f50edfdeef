package io.ccl.runtime.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.attestation.api.AttestationResult;
import io.ccl.attestation.api.EarStatus;
import io.ccl.attestation.api.Finding;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.crypto.Jwe;
import io.ccl.crypto.RuntimeDataBinding;
import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.Lockdown;
import io.ccl.keys.api.ResourcePath;
import io.ccl.runtime.api.BoundEvidence;
import io.ccl.runtime.api.RuntimeOperationException;
import io.ccl.runtime.api.RuntimeState;
import io.ccl.runtime.channel.ChannelException;
import io.ccl.runtime.channel.VerifierChannel;
import io.ccl.tee.simulation.attest.InsecureSimulationAttester;
import io.ccl.tee.simulation.verify.InsecureSimulationVerifier;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The state machine against a channel that really verifies the simulation evidence and its binding
 * (standing in for the attestation service, which has its own tests).
 */
class RuntimeEngineTest {
    static final ResourcePath SECRET = ResourcePath.parse("default/secret/db");
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
    final KeyPair keys = ec();
    final InsecureSimulationAttester attester = new InsecureSimulationAttester(keys,
            InsecureSimulationAttester.measurementOf(""), false, clock);
    final InsecureSimulationVerifier verifier = new InsecureSimulationVerifier(List.of(keys.getPublic()), Duration.ofMinutes(5));
    final AtomicReference<EarStatus> verdict = new AtomicReference<>(EarStatus.AFFIRMING);
    final AtomicReference<List<Finding>> findings = new AtomicReference<>(List.of());
    final List<RuntimeState> transitions = new ArrayList<>();

    final VerifierChannel channel = new VerifierChannel() {
        @Override
        public String describe() {
            return "test";
        }

        @Override
        public AttestationResult attest(String teeType, EvidenceSource source) throws ChannelException {
            String nonce = "nonce-" + clock.instant().toEpochMilli();
            BoundEvidence b = source.evidenceFor(nonce);
            try {
                assertEquals(nonce, b.runtimeData().get("nonce"));
                verifier.verify(b.evidence(), VerificationContext.builder(clock.instant())
                        .expectReportData(RuntimeDataBinding.reportData(b.runtimeData())).build());
            } catch (Exception e) {
                throw new ChannelException("REJECTED", e.getMessage());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> key = (Map<String, Object>) b.runtimeData().get("tee-pubkey");
            return new AttestationResult("t", "test", teeType, verdict.get(), findings.get(), Map.of(), Map.of(), key,
                    b.runtimeData(), "p", clock.instant(), clock.instant().plusSeconds(300));
        }

        @Override
        public String release(ResourcePath path, AttestationResult result) throws ChannelException {
            try {
                return Jwe.seal("db-password".getBytes(StandardCharsets.UTF_8), result.teePublicKey());
            } catch (Exception e) {
                throw new ChannelException("SEAL", e.getMessage());
            }
        }
    };

    RuntimeEngine engine() {
        return new RuntimeEngine(() -> attester, () -> channel, () -> "m", clock,
                new RuntimeEngine.Settings(List.of(SECRET), false), c -> transitions.add(c[1].state()));
    }

    @Test
    void bootsToReadyAndProvisionsSecretsOnlyAfterAppraisal() throws Exception {
        RuntimeEngine e = engine();
        assertEquals(RuntimeState.BOOTING, e.status().state());
        assertFalse(e.acceptsData());
        assertTrue(e.secret(SECRET).isEmpty());
        e.attest(false);
        assertEquals(List.of(RuntimeState.ATTESTING, RuntimeState.READY), transitions);
        assertTrue(e.acceptsData());
        assertArrayEquals("db-password".getBytes(StandardCharsets.UTF_8),
                e.secret(SECRET).orElseThrow().reveal(InsecureSecretAccess.get()));
    }

    @Test
    void nonAffirmingAppraisalDegradesAndRefusesData() throws Exception {
        RuntimeEngine e = engine();
        e.attest(false);
        var held = e.secret(SECRET).orElseThrow();
        verdict.set(EarStatus.CONTRAINDICATED);
        e.attest(false);
        assertEquals(RuntimeState.DEGRADED, e.status().state());
        assertFalse(e.acceptsData());
        assertTrue(held.isDestroyed(), "secrets are dropped on DEGRADED");
        assertThrows(RuntimeOperationException.class, () -> e.decrypt("x.y.z.w.v"));
        verdict.set(EarStatus.AFFIRMING);
        e.attest(false);
        assertEquals(RuntimeState.READY, e.status().state());
    }

    @Test
    void expiryRefusesDataAtOnceAndDegrades() {
        RuntimeEngine e = engine();
        e.attest(false);
        clock.advance(Duration.ofSeconds(301));
        assertFalse(e.acceptsData(), "an expired result refuses data even before the watchdog runs");
        assertEquals(RuntimeState.DEGRADED, e.checkExpiry().state());
    }

    @Test
    void lockdownHoldsUntilRecovered() throws Exception {
        RuntimeEngine e = engine();
        e.attest(false);
        e.lockdown("operator");
        assertEquals(RuntimeState.LOCKDOWN, e.attest(false).state(), "re-attestation does not leave LOCKDOWN");
        assertFalse(e.acceptsData());
        assertEquals(RuntimeState.READY, e.recover().state());
    }

    @Test
    void theVerifiersLockdownFindingPutsTheRuntimeInLockdownAtItsNextAttestation() throws Exception {
        RuntimeEngine e = engine();
        e.attest(false);
        var held = e.secret(SECRET).orElseThrow();
        verdict.set(EarStatus.CONTRAINDICATED);
        findings.set(List.of(new Finding(Lockdown.FINDING, EarStatus.CONTRAINDICATED, "runtime is in lockdown: TCB revoked")));
        assertEquals(RuntimeState.LOCKDOWN, e.attest(false).state(), "LOCKDOWN, not merely DEGRADED");
        assertTrue(held.isDestroyed());
        assertFalse(e.acceptsData());
        verdict.set(EarStatus.AFFIRMING);
        findings.set(List.of());
        assertEquals(RuntimeState.LOCKDOWN, e.attest(false).state(), "only an operator's recover leaves it");
        assertEquals(RuntimeState.READY, e.recover().state());
    }

    @Test
    void dataEncryptedToTheAttestedKeyOpensOnlyWhenReady() throws Exception {
        RuntimeEngine e = engine();
        String jwe = Jwe.seal("call audio".getBytes(StandardCharsets.UTF_8), e.publicKey());
        assertThrows(RuntimeOperationException.class, () -> e.decrypt(jwe));
        e.attest(false);
        assertArrayEquals("call audio".getBytes(StandardCharsets.UTF_8), e.decrypt(jwe));
    }

    static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

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
            return ZoneId.of("UTC");
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
