package io.ccl.keys.admin;

import static io.ccl.keys.admin.AdminServer.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ccl.keys.api.Actor;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.ResourcePath;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/secrets} over real HTTP: values go in, never come out. */
class SecretsApiTest {
    /** The secret every test writes; no response body may contain it, raw or encoded. */
    private static final String SECRET = "s3cr3t-db-password-Zq81xK";
    private static final String SECRET_B64 = Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.US_ASCII));
    private static AdminServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new AdminServer();
    }

    @AfterAll
    static void noResponseOfThisClassContainedTheSecret() throws Exception {
        try {
            assertNoSecretInAnyResponse();
        } finally {
            server.close();
        }
    }

    private static void assertNoSecretInAnyResponse() {
        assertTrue(server.bodies.size() > 10, "responses were recorded");
        for (String body : server.bodies) {
            assertFalse(body.contains(SECRET), body);
            assertFalse(body.contains(SECRET_B64), body);
            assertFalse(body.contains(SECRET_B64.substring(0, 12)), body);
        }
    }

    private static AdminServer.Response put(String path, String json) throws Exception {
        return server.operator("PUT", "/api/v1/secrets/" + path, json);
    }

    @Test
    void writesVersionsListsAndDeletes() throws Exception {
        AdminServer.Response first = put("db/password/prod", "{\"value\":\"" + SECRET_B64 + "\"}");
        assertEquals(201, first.status(), first.body());
        assertEquals("/api/v1/secrets/db/password/prod", first.header("Location"));
        assertEquals("db/password/prod", first.json().get("path").asText());
        assertEquals(1, first.json().get("version").asInt());
        assertArrayEquals(SECRET.getBytes(StandardCharsets.US_ASCII),
                server.km.secretValue(new ResourcePath("db", "password", "prod")));
        assertEquals(new Actor("token:alice", "rest"), server.km.actors.get(server.km.actors.size() - 1));

        assertEquals(2, put("db/password/prod", "{\"value\":\"" + SECRET_B64 + "\",\"cas\":1}").json().get("version").asInt());
        assertProblem(put("db/password/prod", "{\"value\":\"" + SECRET_B64 + "\",\"cas\":1}"), 409, "CAS_MISMATCH");
        assertProblem(put("db/password/prod", "{\"value\":\"" + SECRET_B64 + "\",\"cas\":0}"), 409, "CAS_MISMATCH");

        AdminServer.Response versions = server.get("/api/v1/secrets/db/password/prod", server.readerToken);
        assertEquals(200, versions.status(), versions.body());
        JsonNode v = versions.json();
        assertEquals("db/password/prod", v.get("path").asText());
        assertEquals(2, v.get("versions").size());
        assertEquals("LIVE", v.get("versions").get(1).get("state").asText());
        assertEquals(3, v.get("versions").get(1).size(), "version, state, created_at only: " + v);

        AdminServer.Response list = server.get("/api/v1/secrets", server.readerToken);
        assertEquals(200, list.status());
        assertTrue(list.body().contains("\"db/password/prod\""), list.body());

        AdminServer.Response deleted = server.operator("DELETE", "/api/v1/secrets/db/password/prod", null);
        assertEquals(204, deleted.status(), deleted.body());
        assertEquals("", deleted.body());
        assertNull(server.km.secretValue(new ResourcePath("db", "password", "prod")));
        assertProblem(server.operator("DELETE", "/api/v1/secrets/db/password/prod", null), 404, "NOT_FOUND");
        assertFalse(server.get("/api/v1/secrets", server.readerToken).body().contains("db/password/prod"));
        assertEquals(201, put("db/password/prod", "{\"value\":\"" + SECRET_B64 + "\",\"cas\":0}").status());
    }

    @Test
    void answers404ForUnknownSecretsAndPaths() throws Exception {
        assertProblem(server.get("/api/v1/secrets/no/such/secret", server.readerToken), 404, "NOT_FOUND");
        assertProblem(server.get("/api/v1/secrets/only/two", server.readerToken), 404, "UNKNOWN_ENDPOINT");
        assertProblem(server.get("/api/v1/secrets/a/b/c/d", server.readerToken), 404, "UNKNOWN_ENDPOINT");
        assertProblem(server.get("/api/v1/secrets/a/b/c@d", server.readerToken), 400, "INVALID_RESOURCE_PATH");
        AdminServer.Response r = server.operator("POST", "/api/v1/secrets", "{}");
        assertProblem(r, 405, "METHOD_NOT_ALLOWED");
        assertEquals("GET", r.header("Allow"));
        AdminServer.Response p = server.operator("POST", "/api/v1/secrets/a/b/c", "{}");
        assertProblem(p, 405, "METHOD_NOT_ALLOWED");
        assertEquals("GET, PUT, DELETE", p.header("Allow"));
    }

    @Test
    void refusesBadWrites() throws Exception {
        assertProblem(put("app/key/bad", "{}"), 400, "MISSING_FIELD");
        assertProblem(put("app/key/bad", "{\"value\":\"\"}"), 400, "INVALID_FIELD");
        assertProblem(put("app/key/bad", "{\"value\":\"!!not base64!!\"}"), 400, "INVALID_FIELD");
        assertProblem(put("app/key/bad", "{\"value\":42}"), 400, "INVALID_FIELD");
        assertProblem(put("app/key/bad", "{\"value\":\"" + SECRET_B64 + "\",\"cas\":\"1\"}"), 400, "INVALID_FIELD");
        assertProblem(put("app/key/bad", "{\"value\":\"" + SECRET_B64 + "\",\"cas\":-1}"), 400, "INVALID_FIELD");
        assertProblem(put("app/key/bad", "{\"value\":\"" + SECRET_B64 + "\",\"ttl\":5}"), 400, "UNKNOWN_FIELD");
        assertProblem(put("app/key/bad", null), 400, "MALFORMED_JSON");
        assertProblem(put("app/key/bad", "{\"value\":\"" + "A".repeat(AdminServer.MAX_BODY) + "\"}"), 413, "BODY_TOO_LARGE");
        assertProblem(server.sendTyped("PUT", "/api/v1/secrets/app/key/bad", "{\"value\":\"" + SECRET_B64 + "\"}",
                "application/x-www-form-urlencoded", server.operatorToken), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertNull(server.km.secretValue(new ResourcePath("app", "key", "bad")));
    }

    @Test
    void neverEchoesTheSecretEvenInErrors() throws Exception {
        // Bodies whose parse errors quote the offending token, which is the secret.
        assertProblem(put("leak/test/a", "{\"value\":" + SECRET_B64 + "}"), 400, "MALFORMED_JSON");
        assertProblem(put("leak/test/a", "{\"value\":\"" + SECRET_B64 + "\"," + SECRET + "}"), 400, "MALFORMED_JSON");
        assertProblem(put("leak/test/a", "{\"value\":\"" + SECRET + "\"}"), 400, "INVALID_FIELD");
        assertProblem(put("leak/test/a", "{\"" + SECRET + "\":\"" + SECRET_B64 + "\"}"), 400, "UNKNOWN_FIELD");
        assertProblem(put("leak/test/a", "{\"value\":\"" + SECRET_B64 + "\",\"cas\":" + SECRET + "}"), 400, "MALFORMED_JSON");
        assertProblem(put("leak/test/a", "{\"value\":[\"" + SECRET_B64 + "\"]}"), 400, "INVALID_FIELD");
        assertProblem(put("leak/test/a", "{\"value\":{\"x\":\"" + SECRET_B64 + "\"}}"), 400, "INVALID_FIELD");
        for (Reason reason : Reason.values()) {
            server.km.failNext(reason);
            AdminServer.Response r = put("leak/test/a", "{\"value\":\"" + SECRET_B64 + "\"}");
            assertTrue(r.status() >= 400, reason + " " + r.body());
            assertEquals(reason.name(), r.code());
        }
        assertEquals(201, put("leak/test/a", "{\"value\":\"" + SECRET_B64 + "\"}").status());
        assertEquals(200, server.get("/api/v1/secrets/leak/test/a", server.operatorToken).status());
        assertNoSecretInAnyResponse();
    }
}
