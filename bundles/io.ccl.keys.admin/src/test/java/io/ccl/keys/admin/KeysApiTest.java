package io.ccl.keys.admin;

import static io.ccl.keys.admin.AdminServer.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ccl.keys.api.Actor;
import io.ccl.keys.api.KeyManagement;
import io.ccl.keys.api.KeyStorageException.Reason;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/keys} over real HTTP with an operator token: every endpoint, its errors and their statuses. */
class KeysApiTest {
    private static AdminServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new AdminServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static AdminServer.Response create(String name, String algorithm, String purposes) throws Exception {
        return server.operator("POST", "/api/v1/keys", "{\"name\":\"" + name + "\",\"algorithm\":\"" + algorithm
                + "\",\"purposes\":[" + purposes + "]}");
    }

    private static String states(JsonNode key) {
        List<String> s = new ArrayList<>();
        key.get("versions").forEach(v -> s.add(v.get("version").asInt() + ":" + v.get("state").asText()));
        return String.join(",", s);
    }

    @Test
    void createsListsAndShowsAKey() throws Exception {
        AdminServer.Response created = create("orders", "AES_256_GCM", "\"ENCRYPT\",\"DECRYPT\"");
        assertEquals(201, created.status(), created.body());
        assertEquals("/api/v1/keys/orders", created.header("Location"));
        JsonNode k = created.json();
        assertEquals("orders", k.get("name").asText());
        assertEquals("AES_256_GCM", k.get("algorithm").asText());
        assertEquals("[\"ENCRYPT\",\"DECRYPT\"]", k.get("purposes").toString());
        assertEquals(1, k.get("latest_version").asInt());
        assertEquals("1:ACTIVE", states(k));
        assertEquals("2026-11-21T10:00:00Z", k.get("versions").get(0).get("created_at").asText());
        assertEquals(new Actor("token:alice", "rest"), server.km.actors.get(server.km.actors.size() - 1));

        AdminServer.Response list = server.get("/api/v1/keys", server.operatorToken);
        assertEquals(200, list.status(), list.body());
        assertEquals("memory", list.json().get("store").asText());
        assertTrue(list.body().contains("\"orders\""), list.body());
        assertEquals("application/json", list.header("Content-Type").split(";")[0]);
        assertEquals("no-store", list.header("Cache-Control"));

        AdminServer.Response shown = server.get("/api/v1/keys/orders", server.operatorToken);
        assertEquals(200, shown.status(), shown.body());
        assertEquals("orders", shown.json().get("name").asText());
    }

    @Test
    void rotatesRetiresAndRevokes() throws Exception {
        assertEquals(201, create("lifecycle", "AES_256_GCM", "\"ENCRYPT\",\"DECRYPT\"").status());
        AdminServer.Response rotated = server.operator("POST", "/api/v1/keys/lifecycle/rotate", null);
        assertEquals(200, rotated.status(), rotated.body());
        assertEquals("1:DECRYPT_ONLY,2:ACTIVE", states(rotated.json()));
        assertEquals(2, rotated.json().get("latest_version").asInt());
        assertEquals(200, server.operator("POST", "/api/v1/keys/lifecycle/rotate", "{}").status());

        AdminServer.Response retired = server.operator("POST", "/api/v1/keys/lifecycle/retire", "{\"min_version\":3}");
        assertEquals(200, retired.status(), retired.body());
        assertEquals("1:RETIRED,2:RETIRED,3:ACTIVE", states(retired.json()));

        AdminServer.Response one = server.operator("POST", "/api/v1/keys/lifecycle/revoke",
                "{\"version\":3,\"reason\":\"leaked in a support ticket\"}");
        assertEquals(200, one.status(), one.body());
        assertEquals("1:RETIRED,2:RETIRED,3:REVOKED", states(one.json()));
        assertProblem(server.operator("POST", "/api/v1/keys/lifecycle/revoke", "{\"version\":3}"), 409, "KEY_UNUSABLE");

        AdminServer.Response all = server.operator("POST", "/api/v1/keys/lifecycle/revoke", "{}");
        assertEquals(200, all.status(), all.body());
        assertEquals("1:REVOKED,2:REVOKED,3:REVOKED", states(all.json()));
    }

    @Test
    void rewrapsABatch() throws Exception {
        assertEquals(201, create("wrapping", "AES_256_GCM", "\"ENCRYPT\",\"DECRYPT\"").status());
        assertEquals(200, server.operator("POST", "/api/v1/keys/wrapping/rotate", null).status());
        Base64.Encoder b64 = Base64.getEncoder();
        String body = "{\"ciphertexts\":[\"" + b64.encodeToString(new byte[] {1, 9, 9}) + "\",\""
                + b64.encodeToString(new byte[] {2, 8}) + "\",\"" + b64.encodeToString(new byte[] {7, 7}) + "\"],"
                + "\"aad\":\"" + b64.encodeToString("ctx".getBytes()) + "\"}";
        AdminServer.Response r = server.operator("POST", "/api/v1/keys/wrapping/rewrap", body);
        assertEquals(200, r.status(), r.body());
        JsonNode j = r.json();
        assertEquals(2, j.get("rewrapped").asInt());
        assertEquals(1, j.get("failed").asInt());
        assertArrayEquals(new byte[] {2, 9, 9}, Base64.getDecoder().decode(j.get("ciphertexts").get(0).asText()));
        assertArrayEquals(new byte[] {2, 8}, Base64.getDecoder().decode(j.get("ciphertexts").get(1).asText()));
        assertTrue(j.get("ciphertexts").get(2).isNull());
        assertEquals("2: INTEGRITY", j.get("failures").get(0).asText());
    }

    @Test
    void refusesBadRewrapBatches() throws Exception {
        assertEquals(201, create("batch", "AES_256_GCM", "\"ENCRYPT\",\"DECRYPT\"").status());
        String one = "\"" + Base64.getEncoder().encodeToString(new byte[] {1, 2}) + "\"";
        String tooMany = "{\"ciphertexts\":[" + String.join(",", java.util.Collections.nCopies(
                KeyManagement.MAX_REWRAP_BATCH + 1, one)) + "]}";
        assertProblem(server.operator("POST", "/api/v1/keys/batch/rewrap", tooMany), 413, "BATCH_TOO_LARGE");
        String exactly = "{\"ciphertexts\":[" + String.join(",", java.util.Collections.nCopies(
                KeyManagement.MAX_REWRAP_BATCH, one)) + "]}";
        assertEquals(200, server.operator("POST", "/api/v1/keys/batch/rewrap", exactly).status());
        assertProblem(server.operator("POST", "/api/v1/keys/batch/rewrap", "{\"ciphertexts\":[]}"), 400, "EMPTY_BATCH");
        assertProblem(server.operator("POST", "/api/v1/keys/batch/rewrap", "{\"ciphertexts\":[\"not base64!\"]}"), 400,
                "INVALID_FIELD");
        assertProblem(server.operator("POST", "/api/v1/keys/batch/rewrap", "{\"ciphertexts\":[null]}"), 400,
                "INVALID_FIELD");
        assertProblem(server.operator("POST", "/api/v1/keys/batch/rewrap", "{\"aad\":\"AA==\"}"), 400, "MISSING_FIELD");
        assertProblem(server.operator("POST", "/api/v1/keys/batch/rewrap", null), 400, "MALFORMED_JSON");
    }

    @Test
    void signingKeysCannotRewrap() throws Exception {
        assertEquals(201, create("receipts", "EC_P384", "\"SIGN\",\"VERIFY\"").status());
        assertProblem(server.operator("POST", "/api/v1/keys/receipts/rewrap", "{\"ciphertexts\":[\"AQI=\"]}"), 409,
                "NOT_PERMITTED");
    }

    @Test
    void declaresListsAndEndsLockdowns() throws Exception {
        AdminServer.Response l = server.operator("POST", "/api/v1/keys/lockdown",
                "{\"scope\":\"measurement=ABCDEF\",\"reason\":\"revoked measurement\"}");
        assertEquals(200, l.status(), l.body());
        assertEquals("measurement=ABCDEF", l.json().get("scope").asText());
        assertEquals("token:alice", l.json().get("actor").asText());
        assertEquals("repo/type/tag#1", l.json().get("revoked_releases").get(0).asText());
        assertEquals("revoked measurement", l.json().get("reason").asText());

        AdminServer.Response list = server.get("/api/v1/keys/lockdowns", server.operatorToken);
        assertEquals(200, list.status(), list.body());
        assertTrue(list.body().contains("measurement=ABCDEF"), list.body());

        AdminServer.Response ended = server.operator("POST", "/api/v1/keys/recover", "{\"scope\":\"measurement=ABCDEF\"}");
        assertEquals(200, ended.status(), ended.body());
        assertEquals(1, ended.json().get("recovered").size());
        assertProblem(server.operator("POST", "/api/v1/keys/recover", "{\"scope\":\"measurement=ABCDEF\"}"), 404,
                "NOT_FOUND");

        AdminServer.Response all = server.operator("POST", "/api/v1/keys/lockdown", "{\"scope\":\"*\",\"reason\":\"x\"}");
        assertEquals("*", all.json().get("scope").asText());
        assertEquals(200, server.operator("POST", "/api/v1/keys/recover", "{\"scope\":\"*\"}").status());
    }

    @Test
    void refusesBadLockdowns() throws Exception {
        assertProblem(server.operator("POST", "/api/v1/keys/lockdown", "{\"scope\":\"nonsense\",\"reason\":\"x\"}"), 400,
                "INVALID_SCOPE");
        assertProblem(server.operator("POST", "/api/v1/keys/lockdown", "{\"scope\":\"*\"}"), 400, "MISSING_FIELD");
        assertProblem(server.operator("POST", "/api/v1/keys/lockdown", "{\"scope\":\"*\",\"reason\":\"a\\nb\"}"), 400,
                "INVALID_FIELD");
        assertProblem(server.operator("POST", "/api/v1/keys/lockdown", "{\"scope\":\"*\",\"reason\":\"   \"}"), 400,
                "INVALID_FIELD");
        assertProblem(server.operator("POST", "/api/v1/keys/recover", "{}"), 400, "MISSING_FIELD");
        assertProblem(server.operator("GET", "/api/v1/keys/lockdown", null), 405, "METHOD_NOT_ALLOWED");
        assertProblem(server.operator("POST", "/api/v1/keys/lockdowns", "{}"), 405, "METHOD_NOT_ALLOWED");
        assertTrue(server.km.lockdowns().isEmpty());
    }

    @Test
    void refusesMalformedAndUnexpectedBodies() throws Exception {
        assertProblem(server.operator("POST", "/api/v1/keys", "{\"name\":\"x\""), 400, "MALFORMED_JSON");
        assertProblem(server.operator("POST", "/api/v1/keys", "[1,2]"), 400, "INVALID_FIELD");
        assertProblem(server.operator("POST", "/api/v1/keys", "null"), 400, "MALFORMED_JSON");
        assertProblem(server.operator("POST", "/api/v1/keys", "{\"name\":\"u\",\"algorithm\":\"AES_256_GCM\","
                + "\"purposes\":[\"ENCRYPT\"],\"exportable\":true}"), 400, "UNKNOWN_FIELD");
        assertProblem(create("u", "RSA_4096", "\"ENCRYPT\""), 400, "INVALID_FIELD");
        assertProblem(server.operator("POST", "/api/v1/keys", "{\"name\":\"u\",\"algorithm\":0,\"purposes\":[\"SIGN\"]}"),
                400, "INVALID_FIELD");
        assertProblem(create("u", "AES_256_GCM", ""), 400, "INVALID_FIELD");
        assertProblem(server.operator("POST", "/api/v1/keys", "{\"name\":\"u\",\"purposes\":[\"ENCRYPT\"]}"), 400,
                "MISSING_FIELD");
        assertProblem(server.operator("POST", "/api/v1/keys", "{\"name\":\"u\",\"name\":\"v\",\"algorithm\":\"EC_P256\","
                + "\"purposes\":[\"SIGN\"]}"), 400, "MALFORMED_JSON");
        assertProblem(server.operator("POST", "/api/v1/keys", "{\"name\":\"u\",\"algorithm\":\"EC_P256\","
                + "\"purposes\":[\"SIGN\"]} trailing"), 400, "MALFORMED_JSON");
        assertEquals(201, create("typed", "AES_256_GCM", "\"ENCRYPT\"").status());
        assertProblem(server.operator("POST", "/api/v1/keys/typed/retire", "{\"min_version\":\"1\"}"), 400, "INVALID_FIELD");
        assertProblem(server.operator("POST", "/api/v1/keys/typed/retire", "{\"min_version\":1.5}"), 400, "INVALID_FIELD");
        assertProblem(server.operator("POST", "/api/v1/keys/typed/retire", "{\"min_version\":0}"), 400, "INVALID_FIELD");
        assertProblem(server.operator("POST", "/api/v1/keys/typed/revoke", "{\"version\":true}"), 400, "INVALID_FIELD");
        assertProblem(server.operator("POST", "/api/v1/keys/typed/rotate", "{\"force\":true}"), 400, "UNKNOWN_FIELD");
        assertEquals("1:ACTIVE", states(server.get("/api/v1/keys/typed", server.operatorToken).json()));
    }

    @Test
    void refusesOversizedBodiesAndOtherMediaTypes() throws Exception {
        String huge = "{\"name\":\"" + "x".repeat(AdminServer.MAX_BODY) + "\"}";
        assertProblem(server.operator("POST", "/api/v1/keys", huge), 413, "BODY_TOO_LARGE");
        assertProblem(server.sendTyped("POST", "/api/v1/keys", "{}", "text/plain", server.operatorToken), 415,
                "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void mapsStoreRefusalsToStatuses() throws Exception {
        assertProblem(server.get("/api/v1/keys/absent", server.operatorToken), 404, "NOT_FOUND");
        assertProblem(server.operator("POST", "/api/v1/keys/absent/rotate", null), 404, "NOT_FOUND");
        assertEquals(201, create("twice", "EC_P256", "\"SIGN\"").status());
        assertProblem(create("twice", "EC_P256", "\"SIGN\""), 400, "INVALID_ARGUMENT");
        assertProblem(create("bad name!", "EC_P256", "\"SIGN\""), 400, "INVALID_ARGUMENT");
        assertProblem(create("recover", "EC_P256", "\"SIGN\""), 400, "RESERVED_NAME");
        assertProblem(server.operator("POST", "/api/v1/keys/twice/retire", "{\"min_version\":5}"), 400, "INVALID_ARGUMENT");

        server.km.failNext(Reason.UNAVAILABLE);
        AdminServer.Response down = server.get("/api/v1/keys", server.operatorToken);
        assertProblem(down, 503, "UNAVAILABLE");
        assertEquals("5", down.header("Retry-After"));
        server.km.failNext(Reason.INTEGRITY);
        assertProblem(server.get("/api/v1/keys/twice", server.operatorToken), 422, "INTEGRITY");
        server.km.failNext(Reason.NOT_PERMITTED);
        assertProblem(server.operator("POST", "/api/v1/keys/twice/rotate", null), 409, "NOT_PERMITTED");
        server.km.failNext(Reason.KEY_UNUSABLE);
        assertProblem(server.operator("POST", "/api/v1/keys/twice/rotate", null), 409, "KEY_UNUSABLE");
    }

    @Test
    void answersUnknownPathsAndMethods() throws Exception {
        AdminServer.Response r = server.operator("DELETE", "/api/v1/keys", null);
        assertProblem(r, 405, "METHOD_NOT_ALLOWED");
        assertEquals("GET, POST", r.header("Allow"));
        assertProblem(server.operator("PUT", "/api/v1/keys/orders", "{}"), 405, "METHOD_NOT_ALLOWED");
        assertProblem(server.operator("GET", "/api/v1/keys/orders/rotate", null), 405, "METHOD_NOT_ALLOWED");
        assertProblem(server.operator("PATCH", "/api/v1/keys", "{}"), 405, "METHOD_NOT_ALLOWED");
        assertProblem(server.operator("POST", "/api/v1/keys/orders/explode", "{}"), 404, "UNKNOWN_ENDPOINT");
        assertProblem(server.get("/api/v1/keys/a/b/c", server.operatorToken), 404, "UNKNOWN_ENDPOINT");
        assertProblem(server.get("/api/v1/keys/", server.operatorToken), 404, "UNKNOWN_ENDPOINT");
    }

    @Test
    void answers503WithoutKeyManagement() throws Exception {
        server.keys.unsetManagement(server.km);
        try {
            AdminServer.Response r = server.get("/api/v1/keys", server.operatorToken);
            assertProblem(r, 503, "KEY_MANAGEMENT_UNAVAILABLE");
            assertEquals("5", r.header("Retry-After"));
            assertProblem(server.get("/api/v1/keys", null), 401, "UNAUTHENTICATED");
        } finally {
            server.keys.setManagement(server.km);
        }
        assertEquals(200, server.get("/api/v1/keys", server.operatorToken).status());
    }
}
