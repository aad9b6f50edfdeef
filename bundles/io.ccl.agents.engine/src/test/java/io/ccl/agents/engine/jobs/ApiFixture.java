package io.ccl.agents.engine.jobs;

import io.ccl.agents.api.AgentResult;
import io.ccl.agents.engine.audit.JobAudit;
import io.ccl.crypto.EncryptionKey;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** An engine with an "echo" agent (1 worker, queue 1) for the REST tests in another package. */
public final class ApiFixture implements AutoCloseable {
    private final FakeRuntime runtime = new FakeRuntime();
    private final EncryptionKey requester = EncryptionKey.generate();
    private final Engine engine;
    private final AtomicReference<CountDownLatch> block = new AtomicReference<>(new CountDownLatch(0));

    /** The body of an agent for {@link #engineAgent}. */
    public interface Body extends TestAgents.Body {
    }

    public ApiFixture(Path dir) {
        engine = new Engine(runtime, EngineHarness.settings(dir, 1, 1), Clock.systemUTC(),
                new JobAudit(Clock.systemUTC()));
        engine.addAgent("echo", TestAgents.agent("echo", (ctx, in) -> {
            block.get().await();
            byte[] copy = new byte[in.size()];
            in.data().get(copy);
            return AgentResult.json(copy, Map.of("bytes", in.size()));
        }), 0, 1);
    }

    public Engine engine() {
        return engine;
    }

    public FakeRuntime runtime() {
        return runtime;
    }

    public EncryptionKey requester() {
        return requester;
    }

    /** While true, echo jobs block. */
    public void blockEcho(boolean on) {
        CountDownLatch old = block.getAndSet(new CountDownLatch(on ? 1 : 0));
        old.countDown();
        if (!on) {
            block.get().countDown();
        }
    }

    public void engineAgent(String type, Body body) {
        engine.addAgent(type, TestAgents.agent(type, body), 0, 2);
    }

    @Override
    public void close() {
        blockEcho(false);
        engine.close();
    }
}
