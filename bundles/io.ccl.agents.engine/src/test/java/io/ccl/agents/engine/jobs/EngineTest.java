package io.ccl.agents.engine.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.agents.api.AgentException;
import io.ccl.agents.api.AgentInfo;
import io.ccl.agents.api.AgentResult;
import io.ccl.agents.api.AgentType;
import io.ccl.agents.api.CapabilityDeniedException;
import io.ccl.agents.api.JobRefusedException;
import io.ccl.agents.api.JobStatus;
import io.ccl.agents.api.JobView;
import io.ccl.agents.engine.egress.EgressPolicy;
import io.ccl.crypto.CryptoException;
import io.ccl.crypto.EncryptionKey;
import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.SecretBytes;
import io.ccl.runtime.api.RuntimeState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {
    private static final byte[] PII = "{\"phone\":\"+39 333 1234567\",\"iban\":\"IT60X0542811101000000123456\"}"
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private static TypeSettings type(String name, int workers, int queue, String... egress) {
        return new TypeSettings(name, true, Set.of(), EgressPolicy.parse(egress, p -> {
            throw new AssertionError(p);
        }), Map.of(), workers, queue, Duration.ofMinutes(5));
    }

    @Test
    void resultOpensWithTheRequesterKeyAndNoOther() throws Exception {
        try (EngineHarness h = new EngineHarness(EngineHarness.settings(dir, 2, 4))) {
            h.engine.addAgent("echo", TestAgents.echo("echo"), 0, 1);
            JobView accepted = h.submit("echo", PII);
            assertEquals(JobStatus.QUEUED, accepted.status());
            assertNull(accepted.result());
            JobView done = h.await(accepted.id());
            assertEquals(JobStatus.COMPLETED, done.status(), () -> done.errorCode() + " " + done.errorMessage());
            assertArrayEquals(PII, h.requester.open(done.result()));
            CryptoException other = assertThrows(CryptoException.class, () -> EncryptionKey.generate().open(done.result()));
            assertEquals(CryptoException.Reason.DECRYPTION_FAILED, other.reason());
            assertEquals(sha256(PII), done.inputSha256());
            assertEquals(sha256(PII), done.resultSha256());
            assertEquals("application/json", done.resultContentType());
            assertEquals(PII.length, ((Number) done.safeView().get("bytes")).intValue());
            assertEquals(1, done.attempts());
            // Nothing in clear in the job view or the audit trail.
            assertFalse(done.toString().contains("333"));
            assertFalse(h.audit.toString().contains("333 1234567"));
            EngineHarness.until(() -> h.events("job.complete").size() == 1, "audited");
            var complete = h.events("job.complete");
            assertEquals(sha256(PII), complete.get(0).details().get("input_sha256"));
            assertEquals(sha256(PII), complete.get(0).details().get("result_sha256"));
            assertEquals("echo", complete.get(0).details().get("agent_type"));
        }
    }

    @Test
    void refusedUnlessReadyAndNothingIsQueued() throws Exception {
        try (EngineHarness h = new EngineHarness(EngineHarness.settings(dir, 1, 1))) {
            h.engine.addAgent("echo", TestAgents.echo("echo"), 0, 1);
            for (RuntimeState s : List.of(RuntimeState.BOOTING, RuntimeState.ATTESTING, RuntimeState.DEGRADED,
                    RuntimeState.LOCKDOWN)) {
                h.runtime.state(s);
                JobRefusedException e = assertThrows(JobRefusedException.class, () -> h.submit("echo", PII));
                assertEquals(JobRefusedException.Reason.NOT_READY, e.reason(), s.name());
                assertEquals(s == RuntimeState.LOCKDOWN, e.lockdown(), s.name());
                assertEquals(s == RuntimeState.LOCKDOWN ? 0 : 5, e.retryAfterSeconds(), s.name());
            }
            assertTrue(h.engine.jobs().isEmpty());
            assertEquals(0, h.runtime.decrypts.get());
            assertEquals(4, h.engine.agents().get(0).refused());
            h.runtime.state(RuntimeState.READY);
            assertEquals(JobStatus.COMPLETED, h.await(h.submit("echo", PII).id()).status());
        }
    }

    @Test
    void invalidSubmissionsAreRefusedWithTypedReasons() throws Exception {
        try (EngineHarness h = new EngineHarness(EngineHarness.settings(dir, 1, 1))) {
            h.engine.addAgent("echo", TestAgents.echo("echo"), 0, 1);
            String jwe = h.runtime.sealForRuntime(PII);
            assertEquals(JobRefusedException.Reason.UNKNOWN_AGENT_TYPE, assertThrows(JobRefusedException.class,
                    () -> h.engine.submit("nope", jwe, h.replyTo())).reason());
            for (String bad : new String[] {"", "a.b.c.d", "a.b.c.d.e.f", "a..c.d.e", "a.b.c.d.", "a.b c.d.e.f",
                "a.b.c.d.e=", PII.toString()}) {
                assertEquals(JobRefusedException.Reason.INVALID_INPUT, assertThrows(JobRefusedException.class,
                        () -> h.engine.submit("echo", bad, h.replyTo())).reason(), bad);
            }
            Map<String, Object> privateKey = new java.util.HashMap<>(h.replyTo());
            privateKey.put("d", "AAAA");
            for (Map<String, Object> bad : List.of(Map.<String, Object>of(), Map.<String, Object>of("kty", "oct", "k",
                    "AAAA"), privateKey)) {
                assertEquals(JobRefusedException.Reason.INVALID_REPLY_KEY, assertThrows(JobRefusedException.class,
                        () -> h.engine.submit("echo", jwe, bad)).reason());
            }
            // Well-formed but addressed to another key: accepted, then fails when it is decrypted.
            String foreign = io.ccl.crypto.Jwe.seal(PII, EncryptionKey.generate().publicJwk());
            JobView v = h.await(h.engine.submit("echo", foreign, h.replyTo()).id());
            assertEquals(JobStatus.FAILED, v.status());
            assertEquals("INPUT_UNREADABLE", v.errorCode());
            assertNull(v.inputSha256());
        }
    }

    @Test
    void queueFullBurstRefusesAndEveryAcceptedJobCompletes() throws Exception {
        try (EngineHarness h = new EngineHarness(EngineHarness.settings(dir, 1, 1))) {
            TestAgents.Gate gate = new TestAgents.Gate();
            h.engine.addAgent("burst", gate.agent("burst"), 0, 1);
            h.engine.configure(type("burst", 2, 3));
            String input = h.runtime.sealForRuntime(PII);
            List<String> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicInteger full = new AtomicInteger();
            AtomicInteger other = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                fs.add(clients.submit(() -> {
                    go.await();
                    try {
                        accepted.add(h.engine.submit("burst", input, h.replyTo()).id());
                    } catch (JobRefusedException e) {
                        (e.reason() == JobRefusedException.Reason.QUEUE_FULL ? full : other).incrementAndGet();
                        assertEquals(5, e.retryAfterSeconds());
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : fs) {
                f.get();
            }
            clients.shutdown();
            // Capacity = 2 workers + 3 waiting; the agent blocks, so exactly 5 are accepted.
            assertEquals(5, accepted.size());
            assertEquals(55, full.get());
            assertEquals(0, other.get());
            EngineHarness.until(() -> gate.started.get() == 2, "two running");
            AgentInfo info = h.engine.agents().get(0);
            assertEquals(2, info.running());
            assertEquals(3, info.queued());
            assertEquals(55, info.refused());
            gate.release.countDown();
            int completed = 0;
            for (String id : accepted) {
                JobView v = h.await(id);
                assertEquals(JobStatus.COMPLETED, v.status(), v.errorCode());
                completed++;
            }
            assertEquals(5, completed);
            // Counters and audit follow the status change (bookkeeping runs right after it).
            EngineHarness.until(() -> h.engine.agents().get(0).completed() == 5, "5 counted");
            EngineHarness.until(() -> h.events("job.complete").size() == 5, "5 audited");
            assertEquals(0, h.engine.agents().get(0).failed());
            // Capacity is back.
            assertEquals(JobStatus.COMPLETED, h.await(h.engine.submit("burst", input, h.replyTo()).id()).status());
        }
    }

    @Test
    void aDegradedRuntimeEndsRunningAndQueuedJobs() throws Exception {
        try (EngineHarness h = new EngineHarness(EngineHarness.settings(dir, 1, 4))) {
            TestAgents.Gate gate = new TestAgents.Gate();
            h.engine.addAgent("slow", gate.agent("slow"), 0, 1);
            String running = h.submit("slow", PII).id();
            String queued = h.submit("slow", PII).id();
            EngineHarness.until(() -> gate.started.get() == 1, "running");
            changeState(h, RuntimeState.DEGRADED);
            assertEquals("RUNTIME_NOT_READY", h.await(running).errorCode());
            assertEquals("RUNTIME_NOT_READY", h.await(queued).errorCode());

            // A routine re-attestation (READY -> ATTESTING -> READY) ends nothing.
            changeState(h, RuntimeState.READY);
            String next = h.submit("slow", PII).id();
            EngineHarness.until(() -> gate.started.get() == 2, "running again");
            changeState(h, RuntimeState.ATTESTING);
            changeState(h, RuntimeState.READY);
            gate.release.countDown();
            assertEquals(JobStatus.COMPLETED, h.await(next).status());

            TestAgents.Gate gate2 = new TestAgents.Gate();
            h.engine.addAgent("slow2", gate2.agent("slow2"), 0, 2);
            String locked = h.submit("slow2", PII).id();
            EngineHarness.until(() -> gate2.started.get() == 1, "running");
            changeState(h, RuntimeState.LOCKDOWN);
            assertEquals("RUNTIME_LOCKDOWN", h.await(locked).errorCode());
        }
    }

    private static void changeState(EngineHarness h, RuntimeState s) {
        var before = h.runtime.status();
        h.runtime.state(s);
        h.engine.runtimeChanged(before, h.runtime.status());
    }

    @Test
    void jobsStartingDuringReattestationWaitForReady() throws Exception {
        try (EngineHarness h = new EngineHarness(EngineHarness.settings(dir, 1, 1))) {
            TestAgents.Gate gate = new TestAgents.Gate();
            h.engine.addAgent("g", gate.agent("g"), 0, 1);
            String blocker = h.submit("g", PII).id();
            EngineHarness.until(() -> gate.started.get() == 1, "blocker running");
            String waiting = h.submit("g", PII).id();
            changeState(h, RuntimeState.ATTESTING);
            gate.release.countDown();
            assertEquals(JobStatus.COMPLETED, h.await(blocker).status());
            EngineHarness.until(() -> h.engine.job(waiting).orElseThrow().status() != JobStatus.QUEUED,
                    "the waiting job to start");
            assertEquals(1, gate.started.get(), "it waits for READY before decrypting or calling the agent");
            changeState(h, RuntimeState.READY);
            JobView v = h.await(waiting);
            assertEquals(JobStatus.COMPLETED, v.status(), v.errorCode());
            assertEquals(2, gate.started.get());
        }
    }

    @Test
    void secretsAreGrantedCopiesDestroyedAfterTheJob() throws Exception {
        ResourcePath granted = ResourcePath.parse("default/voice/deployment-key");
        ResourcePath other = ResourcePath.parse("ccl/kbs/admin-token");
        try (EngineHarness h = new EngineHarness(EngineHarness.settings(dir, 1, 1))) {
            h.runtime.provision(granted, "k".repeat(32).getBytes(StandardCharsets.US_ASCII));
            h.runtime.provision(other, "x".repeat(32).getBytes(StandardCharsets.US_ASCII));
            AtomicReference<SecretBytes> kept = new AtomicReference<>();
            AtomicReference<String> denied = new AtomicReference<>();
            h.engine.addAgent("s", TestAgents.agent("s", (ctx, in) -> {
                SecretBytes s = ctx.secret(granted);
                kept.set(s);
                s.destroy(); // an agent destroying its copy must not hurt the runtime's
                try {
                    ctx.secret(other);
                } catch (CapabilityDeniedException e) {
                    denied.set(e.code());
                }
                return AgentResult.json(new byte[] {'1'}, Map.of());
            }), 0, 1);
            h.engine.configure(new TypeSettings("s", true, Set.of(granted), EgressPolicy.none(), Map.of(), 1, 1,
                    Duration.ofMinutes(1)));
            assertEquals(JobStatus.COMPLETED, h.await(h.submit("s", PII).id()).status());
            assertEquals("SECRET_NOT_GRANTED", denied.get());
            assertTrue(kept.get().isDestroyed());
            assertFalse(h.runtime.held(granted).isDestroyed(), "the runtime's own copy is untouched");
            assertEquals(32, h.runtime.held(granted).reveal(InsecureSecretAccess.get()).length);
            assertEquals(1, h.events("capability.denied").size());
            assertEquals(other.toString(), h.events("capability.denied").get(0).target());

            // An agent that lets the refusal propagate fails with the typed code.
            h.engine.addAgent("greedy", TestAgents.agent("greedy", (ctx, in) -> {
                ctx.secret(other);
                return null;
            }), 0, 2);
            JobView v = h.await(h.submit("greedy", PII).id());
            assertEquals("SECRET_NOT_GRANTED", v.errorCode());
            // Granted but not provisioned.
            h.engine.configure(new TypeSettings("greedy", true, Set.of(other, ResourcePath.parse("a/b/c")),
                    EgressPolicy.none(), Map.of(), 1, 1, Duration.ofMinutes(1)));
            h.engine.addAgent("absent", TestAgents.agent("absent", (ctx, in) -> {
                ctx.secret(ResourcePath.parse("a/b/c"));
                return null;
            }), 0, 3);
            h.engine.configure(new TypeSettings("absent", true, Set.of(ResourcePath.parse("a/b/c")),
                    EgressPolicy.none(), Map.of(), 1, 1, Duration.ofMinutes(1)));
            assertEquals("SECRET_UNAVAILABLE", h.await(h.submit("absent", PII).id()).errorCode());
        }
    }

    @Test
    void agentFailuresBecomeTypedCodesWithoutLeakingMessages() throws Exception {
        try (EngineHarness h = new EngineHarness(EngineHarness.settings(dir, 1, 1))) {
            h.engine.addAgent("typed", TestAgents.agent("typed", (ctx, in) -> {
                throw new AgentException("INVALID_AUDIO", "not a WAV file");
            }), 0, 1);
            h.engine.addAgent("buggy", TestAgents.agent("buggy", (ctx, in) -> {
                throw new IllegalStateException("caller +39 333 1234567 said ...");
            }), 0, 2);
            h.engine.addAgent("null", TestAgents.agent("null", (ctx, in) -> null), 0, 3);
            h.engine.addAgent("badview", TestAgents.agent("badview", (ctx, in) -> AgentResult.json(new byte[1],
                    Map.of("self", new Object()))), 0, 4);
            JobView typed = h.await(h.submit("typed", PII).id());
            assertEquals("INVALID_AUDIO", typed.errorCode());
            assertEquals("not a WAV file", typed.errorMessage());
            JobView buggy = h.await(h.submit("buggy", PII).id());
            assertEquals("AGENT_ERROR", buggy.errorCode());
            assertFalse(buggy.errorMessage().contains("333"), buggy.errorMessage());
            assertTrue(buggy.errorMessage().contains("IllegalStateException"));
            assertEquals("AGENT_ERROR", h.await(h.submit("null", PII).id()).errorCode());
            assertEquals("SAFE_VIEW_INVALID", h.await(h.submit("badview", PII).id()).errorCode());
            EngineHarness.until(() -> h.events("job.fail").size() == 4, "audited");
            assertFalse(h.audit.toString().contains("333"));
        }
    }

    @Test
    void aJobThatIgnoresInterruptsTimesOutAndItsWorkerIsReplaced() throws Exception {
        EngineSettings s = EngineHarness.with(EngineSettings.defaults(dir), 1, 2, BreachAction.END_SESSIONS,
                Duration.ofSeconds(30), Duration.ofMillis(200));
        try (EngineHarness h = new EngineHarness(s)) {
            CountDownLatch stuckUntil = new CountDownLatch(1);
            AtomicInteger runs = new AtomicInteger();
            h.engine.addAgent("stubborn", TestAgents.agent("stubborn", (ctx, in) -> {
                if (runs.incrementAndGet() == 1) {
                    while (true) {
                        try {
                            stuckUntil.await();
                            break;
                        } catch (InterruptedException ignored) {
                            // this agent ignores interrupts on purpose
                        }
                    }
                }
                return AgentResult.json(new byte[] {'1'}, Map.of());
            }), 0, 1);
            String stuck = h.submit("stubborn", PII).id();
            JobView v = h.await(stuck);
            assertEquals("TIMEOUT", v.errorCode());
            // The lane still has its one worker: the next job runs although the first thread is stuck.
            assertEquals(JobStatus.COMPLETED, h.await(h.submit("stubborn", PII).id()).status());
            stuckUntil.countDown();
            assertEquals(JobStatus.FAILED, h.engine.job(stuck).orElseThrow().status(), "terminal states are final");
        }
    }

    @Test
    void agentRemovalMidJobReRunsOnTheReplacementOrFails() throws Exception {
        try (EngineHarness h = new EngineHarness(EngineHarness.settings(dir, 1, 4))) {
            TestAgents.Gate old = new TestAgents.Gate();
            AgentType v1 = old.agent("swap");
            h.engine.addAgent("swap", v1, 0, 1);
            String running = h.submit("swap", PII).id();
            String queued = h.submit("swap", PII).id();
            EngineHarness.until(() -> old.started.get() == 1, "running on v1");
            h.engine.removeAgent("swap", v1);
            assertEquals(JobStatus.QUEUED, h.engine.job(running).orElseThrow().status(), "re-queued");
            assertEquals(JobRefusedException.Reason.AGENT_UNAVAILABLE,
                    assertThrows(JobRefusedException.class, () -> h.submit("swap", PII)).reason());
            h.engine.addAgent("swap", TestAgents.echo("swap"), 0, 2);
            JobView r = h.await(running);
            assertEquals(JobStatus.COMPLETED, r.status(), r.errorCode());
            assertEquals(2, r.attempts());
            assertArrayEquals(PII, h.requester.open(r.result()));
            assertEquals(JobStatus.COMPLETED, h.await(queued).status());
        }
        // Without a grace period (or when the type does not come back) the jobs fail.
        EngineSettings noGrace = EngineHarness.with(EngineSettings.defaults(dir), 1, 4, BreachAction.END_SESSIONS,
                Duration.ZERO, Duration.ofMinutes(5));
        try (EngineHarness h = new EngineHarness(noGrace)) {
            TestAgents.Gate gate = new TestAgents.Gate();
            AgentType agent = gate.agent("gone");
            h.engine.addAgent("gone", agent, 0, 1);
            String running = h.submit("gone", PII).id();
            String queued = h.submit("gone", PII).id();
            EngineHarness.until(() -> gate.started.get() == 1, "running");
            h.engine.removeAgent("gone", agent);
            assertEquals("AGENT_REMOVED", h.await(running).errorCode());
            assertEquals("AGENT_REMOVED", h.await(queued).errorCode());
        }
        EngineSettings shortGrace = EngineHarness.with(EngineSettings.defaults(dir), 1, 4, BreachAction.END_SESSIONS,
                Duration.ofMillis(50), Duration.ofMinutes(5));
        try (EngineHarness h = new EngineHarness(shortGrace)) {
            TestAgents.Gate gate = new TestAgents.Gate();
            AgentType agent = gate.agent("late");
            h.engine.addAgent("late", agent, 0, 1);
            String running = h.submit("late", PII).id();
            EngineHarness.until(() -> gate.started.get() == 1, "running");
            h.engine.removeAgent("late", agent);
            assertEquals("AGENT_REMOVED", h.await(running).errorCode());
        }
    }

    @Test
    void aHigherRankedServiceTakesOverAndTheOldOneLeavesWithoutLosingJobs() throws Exception {
        try (EngineHarness h = new EngineHarness(EngineHarness.settings(dir, 1, 4))) {
            AgentType a = TestAgents.agent("r", (ctx, in) -> AgentResult.json("a".getBytes(), Map.of("v", "a")));
            AgentType b = TestAgents.agent("r", (ctx, in) -> AgentResult.json("b".getBytes(), Map.of("v", "b")));
            h.engine.addAgent("r", a, 0, 1);
            assertEquals("a", h.await(h.submit("r", PII).id()).safeView().get("v"));
            h.engine.addAgent("r", b, 10, 2);
            assertEquals("b", h.await(h.submit("r", PII).id()).safeView().get("v"));
            h.engine.removeAgent("r", b);
            assertEquals("a", h.await(h.submit("r", PII).id()).safeView().get("v"));
            assertEquals(AgentInfo.State.AVAILABLE, h.engine.agents().get(0).state());
            h.engine.removeAgent("r", a);
            assertEquals(AgentInfo.State.UNAVAILABLE, h.engine.agents().isEmpty() ? AgentInfo.State.UNAVAILABLE
                    : h.engine.agents().get(0).state());
        }
    }

    @Test
    void theStoreIsBoundedAndRefusesInsteadOfDroppingResults() throws Exception {
        EngineSettings d = EngineSettings.defaults(dir);
        EngineSettings small = new EngineSettings(1, 8, d.jobTimeout(), 3, d.jobsTtl(), d.resultMaxBytes(),
                d.resultsMaxTotalBytes(), d.safeViewMaxBytes(), d.inputMaxChars(), dir, d.modelMaxBytes(),
                BreachAction.END_SESSIONS, 5, d.removalGrace(), d.readyWait(), d.egressConnectTimeout(),
                d.egressRequestTimeout());
        try (EngineHarness h = new EngineHarness(small)) {
            h.engine.addAgent("echo", TestAgents.echo("echo"), 0, 1);
            for (int i = 0; i < 3; i++) {
                h.await(h.submit("echo", PII).id());
            }
            JobRefusedException e = assertThrows(JobRefusedException.class, () -> h.submit("echo", PII));
            assertEquals(JobRefusedException.Reason.STORE_FULL, e.reason());
            assertEquals(3, h.engine.jobs().size());
            h.engine.jobs().forEach(j -> assertEquals(JobStatus.COMPLETED, j.status()));
        }
    }

    @Test
    void endedJobsExpireAfterTheirTtl() throws Exception {
        java.time.Instant t0 = java.time.Instant.parse("2026-11-21T10:00:00Z");
        AtomicReference<java.time.Instant> now = new AtomicReference<>(t0);
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return now.get();
            }
        };
        FakeRuntime runtime = new FakeRuntime();
        EncryptionKey requester = EncryptionKey.generate();
        try (Engine engine = new Engine(runtime, EngineSettings.defaults(dir), clock,
                new io.ccl.agents.engine.audit.JobAudit(clock))) {
            engine.addAgent("echo", TestAgents.echo("echo"), 0, 1);
            String id = engine.submit("echo", runtime.sealForRuntime(PII), requester.publicJwk()).id();
            EngineHarness.until(() -> engine.job(id).orElseThrow().status().terminal(), "done");
            now.set(t0.plus(Duration.ofMinutes(59)));
            assertTrue(engine.job(id).isPresent());
            now.set(t0.plus(Duration.ofHours(1)));
            assertEquals(Optional.empty(), engine.job(id));
            assertTrue(engine.jobs().isEmpty());
        }
    }

    @Test
    void runtimeFactsSayWhetherMemoryIsEncrypted() throws Exception {
        try (EngineHarness h = new EngineHarness(EngineHarness.settings(dir, 1, 1))) {
            AtomicReference<io.ccl.agents.api.RuntimeFacts> seen = new AtomicReference<>();
            h.engine.addAgent("facts", TestAgents.agent("facts", (ctx, in) -> {
                seen.set(ctx.runtime());
                return AgentResult.json(new byte[1], Map.of());
            }), 0, 1);
            h.await(h.submit("facts", PII).id());
            assertTrue(seen.get().attested());
            assertTrue(seen.get().insecureTee());
            assertFalse(seen.get().memoryEncrypted(), "a simulation never encrypts memory");
            h.runtime.hardware(true);
            h.await(h.submit("facts", PII).id());
            assertTrue(seen.get().memoryEncrypted());
            assertEquals("sevsnp", seen.get().teeType());
        }
    }

    @Test
    void closingTheEngineFailsEveryJob() throws Exception {
        EngineHarness h = new EngineHarness(EngineHarness.settings(dir, 1, 4));
        TestAgents.Gate gate = new TestAgents.Gate();
        h.engine.addAgent("c", gate.agent("c"), 0, 1);
        String a = h.submit("c", PII).id();
        String b = h.submit("c", PII).id();
        EngineHarness.until(() -> gate.started.get() == 1, "running");
        h.close();
        assertEquals("ENGINE_STOPPED", h.engine.job(a).orElseThrow().errorCode());
        assertEquals("ENGINE_STOPPED", h.engine.job(b).orElseThrow().errorCode());
        assertNotNull(h.engine.job(a).orElseThrow().finishedAt());
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    }
}
