package io.ccl.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.agents.api.AgentEngine;
import io.ccl.agents.api.AgentInfo;
import io.ccl.agents.api.JobStatus;
import io.ccl.agents.api.JobView;
import io.ccl.agents.api.ModelInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentCommandsTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    /** A fixed engine: two agent types, two jobs, one breach. */
    static final class StubEngine implements AgentEngine {
        final List<JobView> jobs = new ArrayList<>();
        List<AgentInfo> agents = List.of(
                new AgentInfo("marco", "", AgentInfo.State.UNAVAILABLE, 2, 16, 0, 0, 0, 0, 0, List.of(), List.of(),
                        List.of()),
                new AgentInfo("sara", "SARA voice-call analysis", AgentInfo.State.AVAILABLE, 2, 16, 1, 2, 40, 3, 7,
                        List.of("default/voice/deployment-key"), List.of("https://api.hume.ai:443"), List.of("lexicon")));

        @Override
        public List<AgentInfo> agents() {
            return agents;
        }

        @Override
        public JobView submit(String agentType, String inputJwe, Map<String, Object> replyTo) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<JobView> job(String id) {
            return jobs.stream().filter(j -> j.id().equals(id)).findFirst();
        }

        @Override
        public List<JobView> jobs() {
            return jobs;
        }

        @Override
        public List<ModelInfo> models() {
            return List.of(new ModelInfo("lexicon", "ab".repeat(32)));
        }

        @Override
        public long networkIsolationBreaches() {
            return 1;
        }
    }

    private final StubEngine engine = new StubEngine();

    @Test
    void agentsAreATableWithTheBreachCounter() {
        assertEquals("""
                TYPE   STATE        WORKERS  QUEUE  RUNNING  QUEUED  COMPLETED  FAILED  REFUSED
                marco  UNAVAILABLE  2        16     0        0       0          0       0
                sara   AVAILABLE    2        16     2        1       40         3       7
                network_isolation_breaches=1
                models=lexicon sha256:""" + "ab".repeat(32), new AgentsCommand(engine).agents());
        String show = new AgentsCommand(engine).agents("show", "sara");
        assertTrue(show.contains("egress_allow=https://api.hume.ai:443"), show);
        assertTrue(show.contains("secrets=default/voice/deployment-key"), show);
        KeysCommandTest.assertError("NOT_FOUND", new AgentsCommand(engine).agents("show", "nope"));
        KeysCommandTest.assertError("USAGE", new AgentsCommand(engine).agents("list"));
        engine.agents = List.of();
        assertTrue(new AgentsCommand(engine).agents().startsWith("no agent types\n"));
    }

    @Test
    void jobsAreListedAndShownWithoutPlaintext() {
        JobsCommand command = new JobsCommand(engine);
        assertEquals("no jobs", command.jobs());
        engine.jobs.add(new JobView("BBBBBBBBBBBBBBBBBBBBBB", "sara", JobStatus.FAILED, T0.plusSeconds(5),
                T0.plusSeconds(5), T0.plusMillis(5250), 1, null, null, null, "11".repeat(32), null, List.of(),
                "NETWORK_ISOLATION_BREACH", "the job tried to reach https://evil.example:443", null));
        engine.jobs.add(new JobView("AAAAAAAAAAAAAAAAAAAAAA", "sara", JobStatus.COMPLETED, T0, T0, T0.plusMillis(120), 1,
                "eyJhbGciOi.x.y.z.w", "application/json", Map.of("caller", "sha256:" + "cd".repeat(16)),
                "22".repeat(32), "33".repeat(32), List.of(new ModelInfo("lexicon", "ab".repeat(32))), null, null, "ef".repeat(32)));
        assertEquals("""
                ID                      TYPE  STATUS     SUBMITTED             RUN_MS  ERROR
                BBBBBBBBBBBBBBBBBBBBBB  sara  FAILED     2026-11-21T10:00:05Z  250     NETWORK_ISOLATION_BREACH
                AAAAAAAAAAAAAAAAAAAAAA  sara  COMPLETED  2026-11-21T10:00:00Z  120     -""", command.jobs());
        String one = command.jobs("AAAAAAAAAAAAAAAAAAAAAA");
        assertTrue(one.contains("status=COMPLETED\n"), one);
        assertTrue(one.contains("result=compact JWE to the requester, 18 characters"), one);
        assertTrue(one.contains("models=lexicon sha256:"), one);
        assertTrue(one.contains("safe_view={\"caller\":\"sha256:" + "cd".repeat(16) + "\"}"), one);
        String failed = command.jobs("BBBBBBBBBBBBBBBBBBBBBB");
        assertTrue(failed.contains("error=NETWORK_ISOLATION_BREACH\n"), failed);
        KeysCommandTest.assertError("NOT_FOUND", command.jobs("nope"));
        KeysCommandTest.assertError("NOT_FOUND", command.jobs("x\ny"));
    }
}
