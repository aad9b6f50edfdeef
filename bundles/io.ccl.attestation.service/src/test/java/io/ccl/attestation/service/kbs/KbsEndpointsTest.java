package io.ccl.attestation.service.kbs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccl.attestation.api.AttestationResult;
import io.ccl.attestation.service.Harness;
import io.ccl.attestation.service.ServiceSettings;
import io.ccl.crypto.CryptoException;
import io.ccl.crypto.Jwe;
import io.ccl.crypto.JwtVerifier;
import io.ccl.crypto.SigningKey;
import io.ccl.keys.api.KeyBroker;
import io.ccl.keys.api.ReleaseDeniedException;
import io.ccl.tee.api.EvidenceJson;
import jakarta.servlet.http.HttpServlet;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The KBS endpoints over real HTTP: Jetty 12 on 127.0.0.1, the JDK HTTP client. */
class KbsEndpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 4096;

    private static Harness h;
    private static Server server;
    private static ResourceServlet resources;
    private static String base;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** Wraps every resource to the attested key; tags name the refusal to simulate. */
    static final KeyBroker BROKER = (path, result) -> {
        switch (path.tag()) {
            case "missing" -> throw new ReleaseDeniedException(ReleaseDeniedException.Reason.NOT_FOUND, "no such resource");
            case "denied" -> throw new ReleaseDeniedException(ReleaseDeniedException.Reason.POLICY_DENIED, "not granted");
            case "locked" -> throw new ReleaseDeniedException(ReleaseDeniedException.Reason.LOCKDOWN, "lockdown");
            case "expired" -> throw new ReleaseDeniedException(ReleaseDeniedException.Reason.ATTESTATION_EXPIRED, "old");
            case "down" -> throw new ReleaseDeniedException(ReleaseDeniedException.Reason.UNAVAILABLE, "store down");
            default -> {
                try {
                    return Jwe.seal(("secret:" + path).getBytes(StandardCharsets.UTF_8), result.teePublicKey());
                } catch (CryptoException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    };

    @BeforeAll
    static void start() throws Exception {
        h = new Harness(new ServiceSettings(Harness.ISSUER, Duration.ofSeconds(60), Duration.ofSeconds(300), 4, MAX_BODY,
                false, "test"), SigningKey.generate());
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        resources = new ResourceServlet(h.service);
        resources.setBroker(BROKER);
        add(context, new AuthServlet(h.service), AuthServlet.PATH);
        add(context, new AttestServlet(h.service), AttestServlet.PATH);
        add(context, resources, ResourceServlet.PATTERN);
        add(context, new OpenIdConfigurationServlet(h.service), OpenIdConfigurationServlet.PATH);
        add(context, new JwksServlet(h.service), JwksServlet.PATH);
        server.setHandler(context);
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    private static void add(ServletContextHandler context, HttpServlet servlet, String pattern) {
        context.addServlet(new ServletHolder(servlet), pattern);
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    /** One /auth + /attest round; returns the session cookie and the token. */
    private record Attested(String cookie, String token) {
    }

    private static Attested attest() throws Exception {
        HttpResponse<String> auth = post("/kbs/v0/auth", "{\"version\":\"0.1.0\",\"tee\":\"testtee\",\"extra-params\":\"\"}",
                null);
        assertEquals(200, auth.statusCode(), auth.body());
        String cookie = cookie(auth);
        String nonce = JSON.readTree(auth.body()).get("nonce").textValue();
        Map<String, Object> rd = h.runtimeData(nonce);
        HttpResponse<String> att = post("/kbs/v0/attest", attestBody(rd, EvidenceJson.toJson(h.evidence(rd,
                Harness.MEASUREMENT))), cookie);
        assertEquals(200, att.statusCode(), att.body());
        return new Attested(cookie, JSON.readTree(att.body()).get("token").textValue());
    }

    private static String attestBody(Map<String, Object> rd, Map<String, Object> evidence) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runtime-data", rd);
        body.put("tee-evidence", evidence);
        return JSON.writeValueAsString(body);
    }

    @Test
    void authOpensASessionWithAStrictCookie() throws Exception {
        HttpResponse<String> r = post("/kbs/v0/auth", "{\"version\":\"0.1.0\",\"tee\":\"testtee\",\"extra-params\":{\"a\":1}}",
                null);
        assertEquals(200, r.statusCode());
        JsonNode body = JSON.readTree(r.body());
        assertEquals(43, body.get("nonce").textValue().length());
        assertEquals("", body.get("extra-params").textValue());
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.matches("kbs-session-id=[A-Za-z0-9_-]{43}; Path=/kbs; HttpOnly; SameSite=Strict"), setCookie);
    }

    @Test
    void authRefusals() throws Exception {
        assertProblem(post("/kbs/v0/auth", "{\"version\":\"0.1.0\",\"tee\":\"sevsnp\"}", null), 400, "UNSUPPORTED_TEE");
        assertProblem(post("/kbs/v0/auth", "{\"version\":\"1.0.0\",\"tee\":\"testtee\"}", null), 400, "UNSUPPORTED_VERSION");
        assertProblem(post("/kbs/v0/auth", "{\"version\":\"0.1.0\"", null), 400, "MALFORMED_JSON");
        assertProblem(post("/kbs/v0/auth", "{\"version\":\"0.1.0\",\"tee\":\"testtee\",\"x\":1}", null), 400,
                "UNKNOWN_FIELD");
        assertProblem(post("/kbs/v0/auth", "{\"tee\":\"testtee\"}", null), 400, "BAD_REQUEST");
        HttpResponse<String> get = send(HttpRequest.newBuilder(URI.create(base + "/kbs/v0/auth")).GET());
        assertProblem(get, 405, "METHOD_NOT_ALLOWED");
        assertEquals("POST", get.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void authAnswers503WithRetryAfterWhenSessionsRunOut() throws Exception {
        // max.sessions is 4 here; other tests' sessions count too, so open until refused.
        HttpResponse<String> r = null;
        for (int i = 0; i < 6; i++) {
            r = post("/kbs/v0/auth", "{\"version\":\"0.1.0\",\"tee\":\"testtee\"}", null);
            if (r.statusCode() != 200) {
                break;
            }
        }
        assertProblem(r, 503, "TOO_MANY_SESSIONS");
        assertEquals("5", r.headers().firstValue("Retry-After").orElseThrow());
        h.clock.advance(Duration.ofSeconds(61));
        assertEquals(200, post("/kbs/v0/auth", "{\"version\":\"0.1.0\",\"tee\":\"testtee\"}", null).statusCode());
    }

    @Test
    void attestReturnsAnEarThatVerifiesWithTheJwksEndpoint() throws Exception {
        h.clock.advance(Duration.ofSeconds(61));
        Attested a = attest();
        HttpResponse<String> jwks = send(HttpRequest.newBuilder(URI.create(base + "/.well-known/jwks.json")).GET());
        assertEquals(200, jwks.statusCode());
        @SuppressWarnings("unchecked")
        Map<String, Object> keys = JSON.readValue(jwks.body(), Map.class);
        Map<String, Object> claims = JwtVerifier.forJwks(keys).verify(a.token(), h.clock.instant(), Harness.ISSUER);
        assertEquals("affirming", claims.get("ccl.status"));
        assertEquals("ES256", ((Map<?, ?>) ((List<?>) keys.get("keys")).get(0)).get("alg"));
    }

    @Test
    void attestRefusals() throws Exception {
        h.clock.advance(Duration.ofSeconds(61));
        assertProblem(post("/kbs/v0/attest", "{}", null), 401, "UNKNOWN_SESSION");
        HttpResponse<String> auth = post("/kbs/v0/auth", "{\"version\":\"0.1.0\",\"tee\":\"testtee\"}", null);
        String cookie = cookie(auth);
        String nonce = JSON.readTree(auth.body()).get("nonce").textValue();
        Map<String, Object> rd = h.runtimeData(nonce);
        Map<String, Object> evidence = EvidenceJson.toJson(h.evidence(rd, Harness.MEASUREMENT));
        assertProblem(post("/kbs/v0/attest", attestBody(rd, evidence),
                "kbs-session-id=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), 401, "UNKNOWN_SESSION");

        Map<String, Object> withInitData = new LinkedHashMap<>();
        withInitData.put("init-data", Map.of("format", "toml", "body", ""));
        withInitData.put("runtime-data", rd);
        withInitData.put("tee-evidence", evidence);
        assertProblem(post("/kbs/v0/attest", JSON.writeValueAsString(withInitData), cookie), 400, "UNKNOWN_FIELD");
        assertProblem(post("/kbs/v0/attest", "{\"runtime-data\": ", cookie), 400, "MALFORMED_JSON");
        assertProblem(post("/kbs/v0/attest", "{\"runtime-data\": {}}", cookie), 400, "BAD_REQUEST");
        Map<String, Object> badBase64 = new LinkedHashMap<>(evidence);
        badBase64.put("evidence", "***");
        assertProblem(post("/kbs/v0/attest", attestBody(rd, badBase64), cookie), 400, "MALFORMED_EVIDENCE");
        String big = "{\"runtime-data\": {\"pad\": \"" + "x".repeat(MAX_BODY) + "\"}}";
        assertProblem(post("/kbs/v0/attest", big, cookie), 413, "BODY_TOO_LARGE");
        assertProblem(postStreamedUntilAnswered("/kbs/v0/attest", big, cookie), 413, "BODY_TOO_LARGE");
        assertProblem(send(HttpRequest.newBuilder(URI.create(base + "/kbs/v0/attest")).GET()), 405,
                "METHOD_NOT_ALLOWED");

        // Changed after the evidence was made: the report data no longer binds it.
        Map<String, Object> changed = new LinkedHashMap<>(rd);
        changed.put("measurements", "00");
        assertProblem(post("/kbs/v0/attest", attestBody(changed, evidence), cookie), 401, "REPORT_DATA_MISMATCH");
        // The failed attempt used the session up.
        assertProblem(post("/kbs/v0/attest", attestBody(rd, evidence), cookie), 401, "UNKNOWN_SESSION");
    }

    @Test
    void attestMapsNonceErrors() throws Exception {
        h.clock.advance(Duration.ofSeconds(61));
        HttpResponse<String> auth = post("/kbs/v0/auth", "{\"version\":\"0.1.0\",\"tee\":\"testtee\"}", null);
        Map<String, Object> rd = h.runtimeData("not-the-nonce");
        assertProblem(post("/kbs/v0/attest", attestBody(rd, EvidenceJson.toJson(h.evidence(rd, Harness.MEASUREMENT))),
                cookie(auth)), 401, "NONCE_MISMATCH");

        HttpResponse<String> auth2 = post("/kbs/v0/auth", "{\"version\":\"0.1.0\",\"tee\":\"testtee\"}", null);
        Map<String, Object> rd2 = h.runtimeData(JSON.readTree(auth2.body()).get("nonce").textValue());
        h.clock.advance(Duration.ofSeconds(60));
        assertProblem(post("/kbs/v0/attest", attestBody(rd2, EvidenceJson.toJson(h.evidence(rd2,
                Harness.MEASUREMENT))), cookie(auth2)), 401, "NONCE_EXPIRED");
    }

    @Test
    void resourceWithCookieOrBearerReturnsAFlattenedJweForTheAttestedKey() throws Exception {
        h.clock.advance(Duration.ofSeconds(61));
        Attested a = attest();
        for (HttpRequest.Builder req : List.of(resource("/kbs/v0/resource/default/key/one").header("Cookie", a.cookie()),
                resource("/kbs/v0/resource/default/key/one").header("Authorization", "Bearer " + a.token()))) {
            HttpResponse<String> r = send(req);
            assertEquals(200, r.statusCode(), r.body());
            JsonNode jwe = JSON.readTree(r.body());
            assertEquals(List.of("protected", "encrypted_key", "iv", "ciphertext", "tag"), fieldNames(jwe));
            String compact = String.join(".", jwe.get("protected").textValue(), jwe.get("encrypted_key").textValue(),
                    jwe.get("iv").textValue(), jwe.get("ciphertext").textValue(), jwe.get("tag").textValue());
            assertArrayEquals("secret:default/key/one".getBytes(StandardCharsets.UTF_8), h.runtimeKey.open(compact));
        }
    }

    @Test
    void resourceRefusals() throws Exception {
        h.clock.advance(Duration.ofSeconds(61));
        Attested a = attest();
        assertProblem(send(resource("/kbs/v0/resource/default/key/one")), 401, "UNAUTHENTICATED");
        assertProblem(send(resource("/kbs/v0/resource/default/key/one").header("Authorization", "Bearer x.y.z")), 401,
                "INVALID_TOKEN");
        assertProblem(send(resource("/kbs/v0/resource/default/key/one").header("Authorization", "Basic dTpw")), 401,
                "INVALID_TOKEN");
        assertProblem(send(resource("/kbs/v0/resource/default/key/one").header("Cookie",
                "kbs-session-id=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")), 401, "UNKNOWN_SESSION");
        String bearer = "Bearer " + a.token();
        assertProblem(send(resource("/kbs/v0/resource/default/key").header("Authorization", bearer)), 400,
                "INVALID_RESOURCE_PATH");
        assertProblem(send(resource("/kbs/v0/resource/default/key/a/b").header("Authorization", bearer)), 400,
                "INVALID_RESOURCE_PATH");
        assertProblem(send(resource("/kbs/v0/resource/default/key/missing").header("Authorization", bearer)), 404,
                "NOT_FOUND");
        assertProblem(send(resource("/kbs/v0/resource/default/key/denied").header("Authorization", bearer)), 403,
                "POLICY_DENIED");
        assertProblem(send(resource("/kbs/v0/resource/default/key/locked").header("Authorization", bearer)), 403,
                "LOCKDOWN");
        assertProblem(send(resource("/kbs/v0/resource/default/key/expired").header("Authorization", bearer)), 401,
                "ATTESTATION_EXPIRED");
        HttpResponse<String> down = send(resource("/kbs/v0/resource/default/key/down").header("Authorization", bearer));
        assertProblem(down, 503, "UNAVAILABLE");
        assertTrue(down.headers().firstValue("Retry-After").isPresent());
        assertProblem(post("/kbs/v0/resource/default/key/one", "{}", a.cookie()), 405, "METHOD_NOT_ALLOWED");

        resources.unsetBroker(BROKER);
        try {
            assertProblem(send(resource("/kbs/v0/resource/default/key/one").header("Authorization", bearer)), 503,
                    "KEY_BROKER_UNAVAILABLE");
        } finally {
            resources.setBroker(BROKER);
        }
        h.clock.advance(Duration.ofSeconds(400));
        assertProblem(send(resource("/kbs/v0/resource/default/key/one").header("Authorization", bearer)), 401,
                "ATTESTATION_EXPIRED");
        assertProblem(send(resource("/kbs/v0/resource/default/key/one").header("Cookie", a.cookie())), 401,
                "UNKNOWN_SESSION");
    }

    @Test
    void aContraindicatedResultGetsNoResource() throws Exception {
        h.clock.advance(Duration.ofSeconds(61));
        HttpResponse<String> auth = post("/kbs/v0/auth", "{\"version\":\"0.1.0\",\"tee\":\"testtee\"}", null);
        Map<String, Object> rd = h.runtimeData(JSON.readTree(auth.body()).get("nonce").textValue());
        HttpResponse<String> att = post("/kbs/v0/attest", attestBody(rd, EvidenceJson.toJson(h.evidence(rd,
                new byte[32]))), cookie(auth));
        assertEquals(200, att.statusCode(), "a token is issued even when the policy does not affirm");
        AttestationResult r = h.service.tokenResult(JSON.readTree(att.body()).get("token").textValue());
        assertEquals("contraindicated", r.status().json());
        assertProblem(send(resource("/kbs/v0/resource/default/key/one").header("Cookie", cookie(auth))), 403,
                "NOT_ATTESTED");
    }

    @Test
    void discoveryDocumentPointsAtTheJwks() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/.well-known/openid-configuration")).GET());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        JsonNode d = JSON.readTree(r.body());
        assertEquals(Harness.ISSUER, d.get("issuer").textValue());
        assertEquals(Harness.ISSUER + "/.well-known/jwks.json", d.get("jwks_uri").textValue());
        assertEquals("ES256", d.get("id_token_signing_alg_values_supported").get(0).textValue());
        assertEquals("id_token", d.get("response_types_supported").get(0).textValue());
        assertEquals("public", d.get("subject_types_supported").get(0).textValue());
        assertTrue(fieldValues(d.get("claims_supported")).containsAll(List.of("ccl.status", "submods", "sub")));
        assertProblem(post("/.well-known/jwks.json", "{}", null), 405, "METHOD_NOT_ALLOWED");
    }

    private static void assertProblem(HttpResponse<String> r, int status, String code) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElseThrow().split(";")[0]);
        JsonNode p = JSON.readTree(r.body());
        assertEquals(code, p.get("code").textValue(), r.body());
        assertEquals(status, p.get("status").intValue());
        assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), "no stack trace: " + r.body());
    }

    private static HttpRequest.Builder resource(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).GET();
    }

    private static HttpResponse<String> post(String path, String body, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return send(b);
    }

    /**
     * The server answers 413 and closes while the client may still be sending; the JDK client then
     * sometimes reports the closed connection instead of the answer. A few attempts make sure the
     * 413 itself is seen.
     */
    private static HttpResponse<String> postStreamedUntilAnswered(String path, String body, String cookie) throws Exception {
        java.io.IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return postStreamed(path, body, cookie);
            } catch (java.io.IOException e) {
                last = e;
            }
        }
        throw last;
    }

    /** Chunked upload: no Content-Length, so the limit is enforced while reading. */
    private static HttpResponse<String> postStreamed(String path, String body, String cookie) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .header("Cookie", cookie).POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return CLIENT.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cookie(HttpResponse<String> auth) {
        return auth.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> fieldValues(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(v -> values.add(v.textValue()));
        return values;
    }
}
