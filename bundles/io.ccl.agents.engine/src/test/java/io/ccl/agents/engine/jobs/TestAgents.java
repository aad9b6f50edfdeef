package io.ccl.agents.engine.jobs;

import io.ccl.agents.api.AgentContext;
import io.ccl.agents.api.AgentException;
import io.ccl.agents.api.AgentResult;
import io.ccl.agents.api.AgentType;
import io.ccl.agents.api.JobInput;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Agent types for engine tests. */
final class TestAgents {
    private TestAgents() {
    }

    /** The body of a test agent. */
    interface Body {
        AgentResult run(AgentContext ctx, JobInput input) throws AgentException, InterruptedException;
    }

    static AgentType agent(String type, Body body) {
        return new AgentType() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public String describe() {
                return "test agent " + type;
            }

            @Override
            public AgentResult run(AgentContext context, JobInput input) throws AgentException, InterruptedException {
                return body.run(context, input);
            }
        };
    }

    /** Echoes its input as the result; the safe view holds the size only. */
    static AgentType echo(String type) {
        return agent(type, (ctx, in) -> {
            byte[] copy = new byte[in.size()];
            in.data().get(copy);
            return AgentResult.json(copy, Map.of("bytes", in.size(), "job", ctx.jobId()));
        });
    }

    /** Blocks (interruptibly) until released; counts starts. */
    static final class Gate {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger started = new AtomicInteger();

        AgentType agent(String type) {
            return TestAgents.agent(type, (ctx, in) -> {
                started.incrementAndGet();
                release.await();
                return AgentResult.json(new byte[] {'{', '}'}, Map.of("ok", true));
            });
        }
    }
}
