package io.ccl.agents.engine.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccl.agents.engine.jobs.ApiFixture;
import io.ccl.runtime.api.RuntimeState;
import java.lang.annotation.Annotation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST surface on a real Jetty 12 (ee10, as Felix HTTP embeds it) over the engine. */
class JobsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] INPUT = "{\"audio\":\"UklGRg==\",\"metadata\":{\"phone_number\":\"+39 333 1234567\"}}"
            .getBytes(StandardCharsets.UTF_8);
    private static final int MAX_BODY = 64 * 1024;

    @TempDir
    Path dir;
    private ApiFixture fx;
    private Server server;
    private String base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    record Response(int status, JsonNode json, HttpResponse<String> raw) {
        String code() {
            return json.path("code").asText(null);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    @BeforeEach
    void start() throws Exception {
        fx = new ApiFixture(dir);
        AgentsServlet agents = new AgentsServlet(fx.engine(), new AgentsServlet.Config() {
            @Override
            public int max_body_bytes() {
                return MAX_BODY;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return AgentsServlet.Config.class;
            }
        });
        JobsServlet jobs = new JobsServlet(fx.engine());
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder a = new ServletHolder(agents);
        context.addServlet(a, AgentsServlet.ROOT);
        context.addServlet(a, AgentsServlet.ROOT + "/*");
        ServletHolder j = new ServletHolder(jobs);
        context.addServlet(j, JobsServlet.ROOT);
        context.addServlet(j, JobsServlet.ROOT + "/*");
        server.setHandler(context);
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        fx.close();
    }

    private Response send(String method, String path, String body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        return new Response(r.statusCode(), json, r);
    }

    private Response post(String path, String body) throws Exception {
        return send("POST", path, body, "application/json");
    }

    private String request(byte[] input) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("input", fx.runtime().sealForRuntime(input));
        body.set("reply_to", JSON.valueToTree(fx.requester().publicJwk()));
        return JSON.writeValueAsString(body);
    }

    private JsonNode awaitJob(String location) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Response r = send("GET", location, null, null);
            assertEquals(200, r.status());
            String status = r.json().get("status").asText();
            if (status.equals("COMPLETED") || status.equals("FAILED")) {
                return r.json();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job did not end");
            }
            Thread.sleep(5);
        }
    }

    @Test
    void submitPollAndOpenTheResult() throws Exception {
        Response accepted = post("/api/v1/agents/echo/jobs", request(INPUT));
        assertEquals(202, accepted.status(), accepted.json().toString());
        String id = accepted.json().get("id").asText();
        assertEquals("QUEUED", accepted.json().get("status").asText());
        assertEquals("/api/v1/jobs/" + id, accepted.json().get("location").asText());
        assertEquals("/api/v1/jobs/" + id, accepted.header("Location"));
        assertEquals("no-store", accepted.header("Cache-Control"));
        JsonNode job = awaitJob("/api/v1/jobs/" + id);
        assertEquals("COMPLETED", job.get("status").asText(), job.toString());
        assertEquals("echo", job.get("agent_type").asText());
        assertArrayEquals(INPUT, fx.requester().open(job.get("result").asText()));
        assertEquals(INPUT.length, job.get("safe_view").get("bytes").asInt());
        assertEquals(64, job.get("input_sha256").asText().length());
        assertEquals(job.get("input_sha256"), job.get("result_sha256"));
        assertEquals("application/json", job.get("result_content_type").asText());
        assertFalse(job.has("error"));
        assertFalse(job.toString().contains("333"), "nothing in clear");
    }

    @Test
    void agentsAreListedWithTheirState() throws Exception {
        Response r = send("GET", "/api/v1/agents", null, null);
        assertEquals(200, r.status());
        JsonNode echo = r.json().get("agents").get(0);
        assertEquals("echo", echo.get("type").asText());
        assertEquals("AVAILABLE", echo.get("state").asText());
        assertEquals("test agent echo", echo.get("description").asText());
        assertEquals(1, echo.get("workers").asInt());
        assertEquals(1, echo.get("queue_size").asInt());
        assertEquals(0, r.json().get("network_isolation_breaches").asLong());
        assertTrue(r.json().get("models").isArray());
        assertEquals("echo", send("GET", "/api/v1/agents/echo", null, null).json().get("type").asText());
        Response unknown = send("GET", "/api/v1/agents/nope", null, null);
        assertEquals(404, unknown.status());
        assertEquals("UNKNOWN_AGENT_TYPE", unknown.code());
    }

    @Test
    void badBodiesAreRefusedWithTypedProblems() throws Exception {
        String good = request(INPUT);
        JsonNode g = JSON.readTree(good);
        Object[][] cases = {
            {"{", 400, "MALFORMED_JSON"},
            {"[]", 400, "INVALID_FIELD"},
            {"null", 400, "MALFORMED_JSON"},
            {"{\"input\":\"a.b.c.d.e\",\"reply_to\":{},\"extra\":1}", 400, "UNKNOWN_FIELD"},
            {"{\"reply_to\":" + g.get("reply_to") + "}", 400, "MISSING_FIELD"},
            {"{\"input\":" + g.get("input") + "}", 400, "MISSING_FIELD"},
            // io.ccl.web's StrictJson lets Jackson turn 42 into "42"; the JWE check refuses it.
            {"{\"input\":42,\"reply_to\":" + g.get("reply_to") + "}", 400, "INVALID_INPUT"},
            {"{\"input\":[],\"reply_to\":" + g.get("reply_to") + "}", 400, "INVALID_FIELD"},
            {"{\"input\":\"not a jwe\",\"reply_to\":" + g.get("reply_to") + "}", 400, "INVALID_INPUT"},
            {"{\"input\":" + g.get("input") + ",\"reply_to\":{\"kty\":\"oct\",\"k\":\"AAAA\"}}", 400, "INVALID_REPLY_KEY"},
            {"{\"input\":" + g.get("input") + ",\"input\":" + g.get("input") + ",\"reply_to\":{}}", 400, "MALFORMED_JSON"},
        };
        for (Object[] c : cases) {
            Response r = post("/api/v1/agents/echo/jobs", (String) c[0]);
            assertEquals(c[1], r.status(), (String) c[0]);
            assertEquals(c[2], r.code(), (String) c[0]);
            assertEquals("application/problem+json", r.header("Content-Type").split(";")[0]);
        }
        Response tooLarge = post("/api/v1/agents/echo/jobs", "{\"input\":\"" + "a".repeat(MAX_BODY) + "\"}");
        assertEquals(413, tooLarge.status());
        assertEquals("BODY_TOO_LARGE", tooLarge.code());
        Response wrongType = send("POST", "/api/v1/agents/echo/jobs", good, "text/plain");
        assertEquals(415, wrongType.status());
        assertTrue(fx.engine().jobs().isEmpty(), "nothing was accepted");
    }

    @Test
    void refusalsCarryTheirStatusAndRetryAfter() throws Exception {
        String body = request(INPUT);
        Response unknown = post("/api/v1/agents/nope/jobs", body);
        assertEquals(404, unknown.status());
        assertEquals("UNKNOWN_AGENT_TYPE", unknown.code());

        fx.runtime().state(RuntimeState.ATTESTING);
        Response attesting = post("/api/v1/agents/echo/jobs", body);
        assertEquals(503, attesting.status());
        assertEquals("NOT_READY", attesting.code());
        assertEquals("5", attesting.header("Retry-After"));

        fx.runtime().state(RuntimeState.LOCKDOWN);
        Response lockdown = post("/api/v1/agents/echo/jobs", body);
        assertEquals(409, lockdown.status());
        assertEquals("NOT_READY", lockdown.code());
        assertNull(lockdown.header("Retry-After"));
        fx.runtime().state(RuntimeState.READY);

        // 1 worker + 1 waiting: the third concurrent job is refused.
        fx.blockEcho(true);
        assertEquals(202, post("/api/v1/agents/echo/jobs", body).status());
        assertEquals(202, post("/api/v1/agents/echo/jobs", body).status());
        Response full = post("/api/v1/agents/echo/jobs", body);
        assertEquals(503, full.status());
        assertEquals("QUEUE_FULL", full.code());
        assertEquals("5", full.header("Retry-After"));
        fx.blockEcho(false);
    }

    @Test
    void methodsAndPathsAreChecked() throws Exception {
        Response get = send("GET", "/api/v1/agents/echo/jobs", null, null);
        assertEquals(405, get.status());
        assertEquals("POST", get.header("Allow"));
        assertEquals(405, post("/api/v1/agents", "{}").status());
        assertEquals(405, send("DELETE", "/api/v1/agents", null, null).status());
        assertEquals("UNKNOWN_ENDPOINT", send("GET", "/api/v1/agents/echo/other", null, null).code());
        assertEquals("UNKNOWN_JOB", send("GET", "/api/v1/jobs/AAAAAAAAAAAAAAAAAAAAAA", null, null).code());
        assertEquals("UNKNOWN_JOB", send("GET", "/api/v1/jobs/x", null, null).code());
        assertEquals("UNKNOWN_ENDPOINT", send("GET", "/api/v1/jobs", null, null).code());
        assertEquals(405, send("DELETE", "/api/v1/jobs/AAAAAAAAAAAAAAAAAAAAAA", null, null).status());
    }

    @Test
    void aFailedJobShowsItsErrorCode() throws Exception {
        fx.engineAgent("broken", (ctx, in) -> {
            throw new io.ccl.agents.api.AgentException("INVALID_AUDIO", "the audio is not WAV PCM");
        });
        Response accepted = post("/api/v1/agents/broken/jobs", request(INPUT));
        JsonNode job = awaitJob(accepted.json().get("location").asText());
        assertEquals("FAILED", job.get("status").asText());
        assertEquals("INVALID_AUDIO", job.get("error").get("code").asText());
        assertEquals("the audio is not WAV PCM", job.get("error").get("message").asText());
        assertFalse(job.has("result"));
        assertFalse(job.has("safe_view"));
    }
}
