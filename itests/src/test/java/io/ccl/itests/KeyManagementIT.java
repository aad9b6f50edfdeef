package io.ccl.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.attestation.api.VerificationContext;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.EvidenceJson;
import io.ccl.tee.simulation.install.InsecureInstallationKey;
import io.ccl.tee.simulation.verify.InsecureSimulationVerifier;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Key management on the dev runtime over real HTTP: the admin API's authentication, the key
 * lifecycle, a lockdown that stops the running runtime and revokes what it was given, recovery
 * through a fresh attestation once a new secret version exists — and everything the runtime wrote
 * to its log during all of it scanned for the secret values, data keys and the admin token.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyManagementIT {
    static final String DATA_KEY = "/api/v1/secrets/default/secret/dev-data-key";
    static final String API_SECRET = "sk-itest-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    static PrintStream originalErr;
    static PrintStream originalOut;
    static FelixRuntime runtime;
    static Http http;
    static String token;
    static String freshDataKey;
    static List<?> revoked;

    @BeforeAll
    static void boot() throws Exception {
        originalErr = System.err;
        originalOut = System.out;
        System.setErr(new PrintStream(new Tee(originalErr, LOG), true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new Tee(originalOut, LOG), true, StandardCharsets.UTF_8));
        Path home = Path.of(System.getProperty("ccl.it.home"));
        runtime = FelixRuntime.startHealthy(home);
        http = new Http(runtime.baseUrl());
        token = Files.readString(home.resolve("data/admin.token")).trim();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (runtime != null) {
                http.send("POST", "/api/v1/keys/recover", Map.of("scope", "*"), auth());
                runtime.close();
            }
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
    }

    static String[] auth() {
        return new String[] {"Authorization", "Bearer " + token};
    }

    static String health() throws Exception {
        return String.valueOf(http.get("/api/v1/compute/status").json().get("status")) + "/"
                + http.get("/health/enclave").status();
    }

    static void await(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!condition.call()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what + "; now " + health());
            }
            Thread.sleep(100);
        }
    }

    @Test
    @Order(1)
    void adminApiRefusesMissingAndWrongCredentials() throws Exception {
        Http.Response none = http.get("/api/v1/keys");
        assertEquals(401, none.status(), none.body());
        assertTrue(none.contentType().startsWith("application/problem+json"), none.contentType());
        Http.Response wrong = http.get("/api/v1/keys", "Authorization", "Bearer " + "x".repeat(43));
        assertEquals(401, wrong.status());
        Http.Response put = http.send("PUT", "/api/v1/secrets/app/secret/x", Map.of("value", "AAAA"));
        assertEquals(401, put.status());
    }

    @Test
    @Order(2)
    void keyLifecycleThroughTheApi() throws Exception {
        Http.Response created = http.send("POST", "/api/v1/keys", Map.of("name", "itest-wrap", "algorithm", "AES_256_GCM",
                "purposes", List.of("ENCRYPT", "DECRYPT", "WRAP", "UNWRAP")), auth());
        assertEquals(201, created.status(), created.body());
        Http.Response duplicate = http.send("POST", "/api/v1/keys", Map.of("name", "itest-wrap", "algorithm", "AES_256_GCM",
                "purposes", List.of("ENCRYPT")), auth());
        assertEquals(400, duplicate.status(), duplicate.body());
        Http.Response rotated = http.send("POST", "/api/v1/keys/itest-wrap/rotate", null, auth());
        assertEquals(200, rotated.status(), rotated.body());
        assertEquals(2, rotated.json().get("latest_version"));
        Http.Response revoked = http.send("POST", "/api/v1/keys/itest-wrap/revoke", Map.of("version", 1, "reason", "itest"),
                auth());
        assertEquals(200, revoked.status(), revoked.body());
        assertTrue(revoked.body().contains("\"REVOKED\""), revoked.body());
        Http.Response put = http.send("PUT", "/api/v1/secrets/itest/secret/api", Map.of("value",
                Base64.getEncoder().encodeToString(API_SECRET.getBytes(StandardCharsets.UTF_8))), auth());
        assertEquals(201, put.status(), put.body());
        Http.Response versions = http.get("/api/v1/secrets/itest/secret/api", auth());
        assertEquals(200, versions.status());
        assertFalse(versions.body().contains(API_SECRET));
        assertFalse(versions.body().contains(Base64.getEncoder().encodeToString(API_SECRET.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    @Order(3)
    void lockdownStopsTheRuntimeAndRevokesWhatItHeld() throws Exception {
        await("READY", () -> http.get("/health/enclave").status() == 200);
        Http.Response lockdown = http.send("POST", "/api/v1/keys/lockdown", Map.of("scope", "*", "reason", "itest drill"),
                auth());
        assertEquals(200, lockdown.status(), lockdown.body());
        assertTrue(lockdown.body().contains("default/secret/dev-data-key#"), lockdown.body());
        revoked = (List<?>) lockdown.json().get("revoked_releases");
        await("LOCKDOWN", () -> http.get("/health/enclave").status() == 503);
        Map<String, Object> health = http.get("/health/enclave").json();
        assertEquals(Boolean.FALSE, ((Map<?, ?>) health.get("enclave")).get("secrets_provisioned"), health.toString());
        assertTrue(http.get("/metrics").body().contains("ccl_runtime_state{state=\"lockdown\"} 1"));
        Http.Response dataKey = http.get(DATA_KEY, auth());
        assertTrue(dataKey.body().contains("\"DELETED\""), dataKey.body());
        // Re-attesting on its own does not lift it.
        Thread.sleep(1500);
        assertEquals(503, http.get("/health/enclave").status());
    }

    @Test
    @Order(4)
    void recoveryNeedsANewSecretVersionAndAFreshAttestation() throws Exception {
        Http.Response recovered = http.send("POST", "/api/v1/keys/recover", Map.of("scope", "*"), auth());
        assertEquals(200, recovered.status(), recovered.body());
        // The data key the runtime held is revoked: without a new version it cannot be provisioned.
        Thread.sleep(1000);
        assertEquals(503, http.get("/health/enclave").status(), "no secrets, no READY");
        freshDataKey = replaceRevokedSecrets(revoked);
        await("READY again", () -> http.get("/health/enclave").status() == 200);
    }

    @Test
    @Order(5)
    void theVerifierLocksDownARuntimeWhoseMeasurementIsNowForbidden() throws Exception {
        await("READY", () -> http.get("/health/enclave").status() == 200);
        Map<String, Object> attestation = http.get("/api/v1/compute/attestation?nonce=" + "n".repeat(32)).json();
        Evidence evidence = EvidenceJson.fromJson((Map<?, ?>) attestation.get("tee_evidence"));
        PublicKey installation = InsecureInstallationKey.readPublic(runtime.home.resolve("data/simulation/"
                + InsecureInstallationKey.PUBLIC_FILE));
        Object measurement = new InsecureSimulationVerifier(List.of(installation), java.time.Duration.ofMinutes(5))
                .verify(evidence, VerificationContext.builder(Instant.now()).build()).claims().get("measurement");
        Path policy = runtime.home.resolve("config/policy/dev.json");
        String original = Files.readString(policy);
        try {
            Files.writeString(policy, "{\"id\": \"dev-revoked\", \"tee\": {\"simulation\": {\"allow_insecure\": true,"
                    + " \"require\": [\"measurement\"], \"forbid\": {\"measurement\": \"" + measurement + "\"}}}}");
            Instant deadline = Instant.now().plusSeconds(30);
            while (http.get("/health/enclave").status() == 200 && Instant.now().isBefore(deadline)) {
                Thread.sleep(1_100);
                Files.setLastModifiedTime(policy, java.nio.file.attribute.FileTime.from(Instant.now()));
                shell("ccl:attest");
            }
            assertTrue(http.get("/metrics").body().contains("ccl_runtime_state{state=\"lockdown\"} 1"), health());
            Http.Response lockdowns = http.get("/api/v1/keys/lockdowns", auth());
            assertTrue(lockdowns.body().contains("\"scope\":\"runtime="), lockdowns.body());
            assertTrue(lockdowns.body().contains("verifier"), lockdowns.body());
            assertTrue(http.get(DATA_KEY, auth()).body().contains("\"DELETED\""), "the data key it held is revoked");
        } finally {
            Files.writeString(policy, original);
        }
        Map<?, ?> auto = (Map<?, ?>) ((List<?>) http.get("/api/v1/keys/lockdowns", auth()).json().get("lockdowns")).get(0);
        String scope = (String) auto.get("scope");
        assertEquals(200, http.send("POST", "/api/v1/keys/recover", Map.of("scope", scope), auth()).status());
        replaceRevokedSecrets((List<?>) auto.get("revoked_releases"));
        Files.setLastModifiedTime(policy, java.nio.file.attribute.FileTime.from(Instant.now()));
        await("READY after recovery", () -> {
            shell("ccl:recover " + scope);
            return http.get("/health/enclave").status() == 200;
        });
    }

    /**
     * Writes a fresh random version of every revoked release whose newest version is not live
     * (what an operator does before recovery); returns the new data key, base64.
     */
    static String replaceRevokedSecrets(List<?> revokedReleases) throws Exception {
        String dataKey = null;
        for (Object release : revokedReleases) {
            String path = String.valueOf(release).substring(0, String.valueOf(release).lastIndexOf('#'));
            Http.Response versions = http.get("/api/v1/secrets/" + path, auth());
            List<?> list = (List<?>) versions.json().get("versions");
            Map<?, ?> newest = (Map<?, ?>) list.get(list.size() - 1);
            if (!"LIVE".equals(newest.get("state"))) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                String value = Base64.getEncoder().encodeToString(key);
                assertEquals(201, http.send("PUT", "/api/v1/secrets/" + path, Map.of("value", value), auth()).status());
                if (("/api/v1/secrets/" + path).equals(DATA_KEY)) {
                    dataKey = value;
                }
            }
        }
        return dataKey;
    }

    static void shell(String command) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", runtime.shellPort)) {
            s.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            Thread.sleep(500);
        }
    }

    @Test
    @Order(6)
    void nothingSecretReachedTheLog() throws Exception {
        String log = LOG.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("io.ccl.audit.keys"), "the audit trail was captured");
        assertTrue(log.contains("event=lockdown"), "lockdown audited");
        for (String secret : List.of(API_SECRET, Base64.getEncoder().encodeToString(API_SECRET.getBytes(StandardCharsets.UTF_8)),
                freshDataKey, token)) {
            assertFalse(log.contains(secret), "a secret value reached the log");
        }
    }

    /** Copies writes to two streams. */
    static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            synchronized (b) {
                b.write(c);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            synchronized (b) {
                b.write(buf, off, len);
            }
        }
    }
}
