package io.ccl.keys.admin;

import static io.ccl.keys.admin.AdminServer.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.keys.admin.auth.Credentials;
import io.ccl.keys.api.Actor;
import io.ccl.keys.api.ResourcePath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bearer tokens, roles and TLS client certificates against the real servlets. */
class AuthenticationTest {
    private static final String CREATE = "{\"name\":\"%s\",\"algorithm\":\"EC_P256\",\"purposes\":[\"SIGN\"]}";
    private static AdminServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new AdminServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static Actor lastActor() {
        return server.km.actors.get(server.km.actors.size() - 1);
    }

    @Test
    void requestsWithoutCredentialsGet401WithABearerChallenge() throws Exception {
        for (String path : new String[] {"/api/v1/keys", "/api/v1/keys/orders", "/api/v1/keys/lockdowns",
            "/api/v1/secrets", "/api/v1/secrets/a/b/c", "/api/v1/keys/no/such/endpoint"}) {
            AdminServer.Response r = server.get(path, null);
            assertProblem(r, 401, "UNAUTHENTICATED");
            assertEquals("Bearer realm=\"ccl-admin\"", r.header("WWW-Authenticate"));
        }
        assertProblem(server.send("POST", "/api/v1/keys/lockdown", "{\"scope\":\"*\",\"reason\":\"x\"}", null), 401,
                "UNAUTHENTICATED");
        assertTrue(server.km.lockdowns().isEmpty());
    }

    @Test
    void wrongTokensGet401() throws Exception {
        AdminServer.Response r = server.get("/api/v1/keys", AdminServer.randomToken());
        assertProblem(r, 401, "INVALID_TOKEN");
        assertEquals("Bearer realm=\"ccl-admin\", error=\"invalid_token\"", r.header("WWW-Authenticate"));
        // A token differing in its last character, a prefix, and the token's hash itself are all refused.
        String t = server.operatorToken;
        assertProblem(server.get("/api/v1/keys", t.substring(0, t.length() - 1) + (t.endsWith("A") ? "B" : "A")), 401,
                "INVALID_TOKEN");
        assertProblem(server.get("/api/v1/keys", t.substring(0, 20)), 401, "INVALID_TOKEN");
        assertProblem(server.get("/api/v1/keys", Credentials.tokenHashHex(t)), 401, "INVALID_TOKEN");
        assertProblem(server.sendRaw("GET", "/api/v1/keys", null, "Basic " + t), 401, "INVALID_TOKEN");
        assertProblem(server.sendRaw("GET", "/api/v1/keys", null, "Bearer"), 401, "INVALID_TOKEN");
        assertProblem(server.sendRaw("GET", "/api/v1/keys", null, "Bearer " + "a".repeat(2000)), 401, "INVALID_TOKEN");
        assertEquals(200, server.sendRaw("GET", "/api/v1/keys", null, "bearer  " + t).status());
    }

    @Test
    void readersMayOnlyRead() throws Exception {
        assertEquals(200, server.get("/api/v1/keys", server.readerToken).status());
        assertEquals(200, server.get("/api/v1/secrets", server.readerToken).status());
        assertEquals(200, server.get("/api/v1/keys/lockdowns", server.readerToken).status());
        assertProblem(server.send("POST", "/api/v1/keys", CREATE.formatted("by-reader"), server.readerToken), 403,
                "INSUFFICIENT_ROLE");
        assertProblem(server.send("PUT", "/api/v1/secrets/r/t/by-reader", "{\"value\":\"AAAA\"}", server.readerToken), 403,
                "INSUFFICIENT_ROLE");
        assertProblem(server.send("DELETE", "/api/v1/secrets/r/t/by-reader", null, server.readerToken), 403,
                "INSUFFICIENT_ROLE");
        assertProblem(server.send("POST", "/api/v1/keys/lockdown", "{\"scope\":\"*\",\"reason\":\"x\"}",
                server.readerToken), 403, "INSUFFICIENT_ROLE");
        assertTrue(server.get("/api/v1/keys/by-reader", server.operatorToken).status() == 404);
        assertNull(server.km.secretValue(new ResourcePath("r", "t", "by-reader")));
        assertTrue(server.km.lockdowns().isEmpty());
    }

    @Test
    void operatorsActUnderTheirTokenPrincipal() throws Exception {
        assertEquals(201, server.operator("POST", "/api/v1/keys", CREATE.formatted("by-alice")).status());
        assertEquals(new Actor("token:alice", "rest"), lastActor());
    }

    @Test
    void clientCertificatesAuthenticateByFingerprintOrSubject() throws Exception {
        AdminServer.Response created = server.tls(server.operatorCert, "POST", "/api/v1/keys", CREATE.formatted("by-cert"));
        assertEquals(201, created.status(), created.body());
        assertEquals(new Actor("cert:CN=ops-laptop,O=CCL", "rest"), lastActor());

        assertEquals(200, server.tls(server.readerCert, "GET", "/api/v1/keys/by-cert", null).status());
        assertProblem(server.tls(server.readerCert, "POST", "/api/v1/keys/by-cert/rotate", null), 403, "INSUFFICIENT_ROLE");

        assertProblem(server.tls(server.strangerCert, "GET", "/api/v1/keys", null), 401, "UNKNOWN_CLIENT_CERT");
        assertProblem(server.tls(null, "GET", "/api/v1/keys", null), 401, "UNAUTHENTICATED");
        // Over TLS a bearer token works as well.
        assertEquals(200, server.tls(null, "GET", "/api/v1/keys", null, "Bearer " + server.readerToken).status());
    }

    @Test
    void aPresentedTokenIsJudgedAloneEvenWithAGoodCertificate() throws Exception {
        assertProblem(server.tls(server.operatorCert, "GET", "/api/v1/keys", null, "Bearer " + AdminServer.randomToken()),
                401, "INVALID_TOKEN");
        AdminServer.Response asReader = server.tls(server.operatorCert, "POST", "/api/v1/keys/x/rotate", null,
                "Bearer " + server.readerToken);
        assertProblem(asReader, 403, "INSUFFICIENT_ROLE");
    }

    @Test
    void certificatesOutsideTheirValidityAreRefused() throws Exception {
        server.clock.set(Instant.now().plus(400, ChronoUnit.DAYS));
        try {
            assertProblem(server.tls(server.operatorCert, "GET", "/api/v1/keys", null), 401, "CLIENT_CERT_EXPIRED");
        } finally {
            server.clock.set(Instant.now());
        }
        assertEquals(200, server.tls(server.operatorCert, "GET", "/api/v1/keys", null).status());
    }

    @Test
    void withNoCredentialsConfiguredEverythingIsRefused() throws Exception {
        try (AdminServer closed = new AdminServer(Credentials.none())) {
            assertProblem(closed.get("/api/v1/keys", closed.operatorToken), 401, "INVALID_TOKEN");
            assertProblem(closed.get("/api/v1/keys", null), 401, "UNAUTHENTICATED");
            assertProblem(closed.tls(closed.operatorCert, "GET", "/api/v1/keys", null), 401, "UNKNOWN_CLIENT_CERT");
            assertProblem(closed.send("POST", "/api/v1/keys/lockdown", "{\"scope\":\"*\",\"reason\":\"x\"}",
                    closed.operatorToken), 401, "INVALID_TOKEN");
            assertTrue(closed.km.actors.isEmpty());
        }
    }
}
