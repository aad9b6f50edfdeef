package io.ccl.agents.engine.jobs;

import static org.junit.jupiter.api.Assertions.fail;

import io.ccl.agents.api.JobView;
import io.ccl.agents.engine.audit.JobAudit;
import io.ccl.audit.api.AuditEvent;
import io.ccl.crypto.EncryptionKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** An engine over a {@link FakeRuntime}, with a requester key and recorded audit events. */
final class EngineHarness implements AutoCloseable {
    final FakeRuntime runtime = new FakeRuntime();
    final EncryptionKey requester = EncryptionKey.generate();
    final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    final Engine engine;

    EngineHarness(EngineSettings settings) {
        JobAudit a = new JobAudit(Clock.systemUTC());
        a.addSink(audit::add);
        engine = new Engine(runtime, settings, Clock.systemUTC(), a);
    }

    /** Defaults with these pool sizes and a short removal grace. */
    static EngineSettings settings(Path models, int workers, int queue) {
        return with(EngineSettings.defaults(models), workers, queue, BreachAction.END_SESSIONS, Duration.ofSeconds(30),
                Duration.ofMinutes(5));
    }

    static EngineSettings with(EngineSettings d, int workers, int queue, BreachAction action, Duration grace,
            Duration timeout) {
        return new EngineSettings(workers, queue, timeout, d.jobsMax(), d.jobsTtl(), d.resultMaxBytes(),
                d.resultsMaxTotalBytes(), d.safeViewMaxBytes(), d.inputMaxChars(), d.modelsDir(), d.modelMaxBytes(),
                action, d.retryAfterSeconds(), grace, d.readyWait(), d.egressConnectTimeout(), d.egressRequestTimeout());
    }

    Map<String, Object> replyTo() {
        return requester.publicJwk();
    }

    JobView submit(String type, byte[] input) throws Exception {
        return engine.submit(type, runtime.sealForRuntime(input), replyTo());
    }

    /** Waits (up to 30 s, a hang guard, not a timing assertion) until the job is terminal. */
    JobView await(String id) {
        until(() -> engine.job(id).orElseThrow().status().terminal(), "job " + id + " to end");
        return engine.job(id).orElseThrow();
    }

    static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    List<AuditEvent> events(String action) {
        return audit.stream().filter(e -> e.action().equals(action)).toList();
    }

    @Override
    public void close() {
        engine.close();
    }
}
