package io.ccl.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.crypto.EncryptionKey;
import io.ccl.crypto.JwtVerifier;
import io.ccl.crypto.RuntimeDataBinding;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.EvidenceJson;
import io.ccl.tee.simulation.attest.InsecureSimulationAttester;
import io.ccl.tee.simulation.install.InsecureInstallationKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The dev runtime on a real Felix: boots to READY through the in-process KBS flow, then a test
 * client plays both a second attester (with this installation's simulation key) and a relying
 * party: auth → attest → EAR verified with the published JWKS → resource released and opened.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevRuntimeIT {
    static final String SECRET = "/kbs/v0/resource/default/secret/dev-data-key";
    static FelixRuntime runtime;
    static Http http;

    @BeforeAll
    static void boot() throws Exception {
        Path home = Path.of(System.getProperty("ccl.it.home"));
        // Short nonce lifetime so expiry is testable; everything else is the dev assembly as shipped.
        Files.writeString(home.resolve("config/io.ccl.attestation.service.cfg"), "nonce.ttl.seconds=2\n");
        runtime = FelixRuntime.startHealthy(home);
        http = new Http(runtime.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    @Order(1)
    void everyBundleResolvesAndStarts() {
        assertEquals(List.of(), runtime.inactiveBundles());
        assertTrue(runtime.hasBundle("io.ccl.tee.simulation"));
    }

    @Test
    @Order(2)
    void runtimeIsReadyWithSecretsProvisioned() throws Exception {
        Http.Response health = http.get("/health/enclave");
        assertEquals(200, health.status(), health.body());
        Map<String, Object> h = health.json();
        assertEquals("healthy", h.get("status"));
        Map<?, ?> enclave = (Map<?, ?>) h.get("enclave");
        assertEquals(true, enclave.get("enclave_ready"));
        assertEquals("simulation", enclave.get("enclave_mode"));
        assertEquals(false, enclave.get("memory_encryption_active"));
        assertEquals(true, enclave.get("secrets_provisioned"));
        assertEquals(true, ((Map<?, ?>) h.get("attestation")).get("valid"));

        Map<String, Object> status = http.get("/api/v1/compute/status").json();
        assertEquals("operational", status.get("status"));
        assertEquals("simulation", status.get("tee_technology"));
        assertEquals("verified", status.get("attestation_status"));
        assertTrue(((Map<?, ?>) status.get("system_metrics")).containsKey("available_memory"));

        Http.Response metrics = http.get("/metrics");
        assertTrue(metrics.contentType().startsWith("text/plain"), metrics.contentType());
        assertTrue(metrics.body().contains("\nenclave_attestation_valid 1\n"), metrics.body());
    }

    @Test
    @Order(3)
    void fullKbsFlowReleasesTheSecretToTheAttestedKey() throws Exception {
        Http client = new Http(runtime.baseUrl());
        EncryptionKey teeKey = EncryptionKey.generate();
        String token = attest(client, teeKey, null);
        Map<String, Object> jwks = http.get("/.well-known/jwks.json").json();
        Map<String, Object> ear = JwtVerifier.forJwks(jwks).verify(token, Instant.now(), null);
        assertEquals("affirming", ear.get("ccl.status"));
        assertEquals("simulation", ear.get("ccl.tee"));
        Map<String, Object> discovery = http.get("/.well-known/openid-configuration").json();
        assertNotNull(discovery.get("jwks_uri"));

        Http.Response bySession = client.get(SECRET);
        assertEquals(200, bySession.status(), bySession.body());
        Http.Response byBearer = new Http(runtime.baseUrl()).get(SECRET, "Authorization", "Bearer " + token);
        assertEquals(200, byBearer.status(), byBearer.body());
        byte[] first = teeKey.open(compact(bySession.json()));
        byte[] second = teeKey.open(compact(byBearer.json()));
        assertEquals(32, first.length, "the dev data key is 32 random bytes");
        assertTrue(java.util.Arrays.equals(first, second));
        assertFalse(bySession.body().contains(java.util.Base64.getEncoder().encodeToString(first)));
    }

    @Test
    @Order(4)
    void replayedSessionIsRejected() throws Exception {
        Http client = new Http(runtime.baseUrl());
        EncryptionKey teeKey = EncryptionKey.generate();
        Map<String, Object> auth = client.post("/kbs/v0/auth", Map.of("version", "0.1.0", "tee", "simulation")).json();
        Map<String, Object> body = attestBody((String) auth.get("nonce"), teeKey);
        assertEquals(200, client.post("/kbs/v0/attest", body).status());
        Http.Response replay = client.post("/kbs/v0/attest", body);
        assertEquals(401, replay.status(), replay.body());
        assertEquals("UNKNOWN_SESSION", replay.json().get("code"));
    }

    @Test
    @Order(5)
    void expiredNonceIsRejected() throws Exception {
        Http client = new Http(runtime.baseUrl());
        Map<String, Object> auth = client.post("/kbs/v0/auth", Map.of("version", "0.1.0", "tee", "simulation")).json();
        Thread.sleep(3_000);
        Http.Response late = client.post("/kbs/v0/attest", attestBody((String) auth.get("nonce"), EncryptionKey.generate()));
        assertEquals(401, late.status(), late.body());
        assertEquals("NONCE_EXPIRED", late.json().get("code"));
    }

    @Test
    @Order(6)
    void badRequestsGetTypedProblemBodies() throws Exception {
        Http client = new Http(runtime.baseUrl());
        Http.Response malformed = client.post("/kbs/v0/auth", "{\"tee\": ");
        assertProblem(malformed, 400);
        Http.Response unknown = client.post("/kbs/v0/auth", Map.of("version", "0.1.0", "tee", "simulation", "x", 1));
        assertProblem(unknown, 400);
        Http.Response huge = client.postAnsweredEarly("/kbs/v0/auth", new byte[3 << 20]);
        assertProblem(huge, 413);
        Http.Response noSession = client.post("/kbs/v0/attest", attestBody("n", EncryptionKey.generate()));
        assertProblem(noSession, 401);
        Http.Response badNonce = http.get("/api/v1/compute/attestation?nonce=%3Cscript%3E");
        assertProblem(badNonce, 400);
        Http.Response noAuth = client.get(SECRET);
        assertProblem(noAuth, 401);
        Http.Response unknownTee = client.post("/kbs/v0/auth", Map.of("version", "0.1.0", "tee", "quantum"));
        assertProblem(unknownTee, 400);
    }

    @Test
    @Order(7)
    void attestationEndpointBindsTheCallersNonce() throws Exception {
        Map<String, Object> a = http.get("/api/v1/compute/attestation?nonce=abcdefghijklmnopqrstuvwxyz012345").json();
        assertEquals("simulation", a.get("tee_type"));
        @SuppressWarnings("unchecked")
        Map<String, Object> runtimeData = (Map<String, Object>) a.get("runtime_data");
        assertEquals("abcdefghijklmnopqrstuvwxyz012345", runtimeData.get("nonce"));
        Evidence e = EvidenceJson.fromJson((Map<?, ?>) a.get("tee_evidence"));
        byte[] reportData = java.util.Arrays.copyOfRange(e.payload(), 0x44, 0x84);
        assertTrue(RuntimeDataBinding.reportData(runtimeData).matches(reportData));
    }

    @Test
    @Order(8)
    void defaultDenyPolicyDegradesTheRuntimeAndRefusesRelease() throws Exception {
        Path policy = runtime.home.resolve("config/policy/dev.json");
        String original = Files.readString(policy);
        try {
            Files.writeString(policy, "{\"id\": \"deny-all\", \"tee\": {}}");
            // The policy reloads on file change; the next attestation is appraised against it.
            Instant deadline = Instant.now().plusSeconds(30);
            Http.Response health = http.get("/health/enclave");
            while (health.status() == 200 && Instant.now().isBefore(deadline)) {
                Thread.sleep(1_100);
                Files.setLastModifiedTime(policy, java.nio.file.attribute.FileTime.from(Instant.now()));
                triggerReattest();
                health = http.get("/health/enclave");
            }
            assertEquals(503, health.status(), health.body());
            assertEquals("unhealthy", health.json().get("status"));
            Http client = new Http(runtime.baseUrl());
            String token = attest(client, EncryptionKey.generate(), null);
            Map<String, Object> ear = JwtVerifier.forJwks(http.get("/.well-known/jwks.json").json())
                    .verify(token, Instant.now(), null);
            assertEquals("contraindicated", ear.get("ccl.status"));
            assertProblem(client.get(SECRET), 403);
        } finally {
            Files.writeString(policy, original);
        }
    }

    private static void triggerReattest() throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", runtime.shellPort)) {
            s.getOutputStream().write("ccl:attest\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            Thread.sleep(500);
        }
    }

    private static void assertProblem(Http.Response r, int status) throws Exception {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        Map<String, Object> p = r.json();
        assertEquals(status, ((Number) p.get("status")).intValue());
        assertNotNull(p.get("code"));
        assertFalse(r.body().contains("Exception"), "no stack trace or exception names to clients: " + r.body());
    }

    static String attest(Http client, EncryptionKey teeKey, String tee) throws Exception {
        Http.Response auth = client.post("/kbs/v0/auth", Map.of("version", "0.1.0", "tee", "simulation"));
        assertEquals(200, auth.status(), auth.body());
        Http.Response att = client.post("/kbs/v0/attest", attestBody((String) auth.json().get("nonce"), teeKey));
        assertEquals(200, att.status(), att.body());
        return (String) att.json().get("token");
    }

    static Map<String, Object> attestBody(String nonce, EncryptionKey teeKey) throws Exception {
        Map<String, Object> runtimeData = new LinkedHashMap<>();
        runtimeData.put("nonce", nonce);
        runtimeData.put("tee-pubkey", teeKey.publicJwk());
        runtimeData.put("measurements", "it-client");
        InsecureSimulationAttester attester = new InsecureSimulationAttester(
                InsecureInstallationKey.loadOrCreate(runtime.home.resolve("data/simulation")),
                InsecureSimulationAttester.measurementOf(""), false, Clock.systemUTC());
        Evidence e = attester.attest(RuntimeDataBinding.reportData(runtimeData));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runtime-data", runtimeData);
        body.put("tee-evidence", EvidenceJson.toJson(e));
        return body;
    }

    static String compact(Map<String, Object> flattened) {
        return String.join(".", (String) flattened.get("protected"), (String) flattened.get("encrypted_key"),
                (String) flattened.get("iv"), (String) flattened.get("ciphertext"), (String) flattened.get("tag"));
    }
}
