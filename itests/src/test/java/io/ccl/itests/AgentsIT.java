package io.ccl.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.attestation.api.VerificationContext;
import io.ccl.crypto.EncryptionKey;
import io.ccl.crypto.Jwe;
import io.ccl.crypto.RuntimeDataBinding;
import io.ccl.receipts.api.AttestedReceiptVerifier;
import io.ccl.receipts.api.Receipt;
import io.ccl.receipts.api.ReceiptJson;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.EvidenceJson;
import io.ccl.tee.simulation.install.InsecureInstallationKey;
import io.ccl.tee.simulation.verify.InsecureSimulationVerifier;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The voice agents on the dev runtime over real HTTP, as a data owner uses them: verify the
 * runtime's attestation, encrypt a call (a WAV generated here) with personal data in its metadata
 * to the attested key, submit it, wait, open the result with the requester's key — and find none of
 * the personal data in the safe view. Then a burst against a type with one worker and no queue:
 * refusals are 503 with Retry-After, and every accepted job completes.
 */
class AgentsIT {
    static final String PHONE = "+39 333 1234567";
    static final String NAME = "Mario Rossi";
    static final List<String> TRANSCRIPT_PII = List.of("IT60X0542811101000000123456", "4111 1111 1111 1111",
            "4111111111111111", "mario.rossi@example.com", "RSSMRA85T10A562S", "333 1234567", "3331234567", NAME);
    static final String[] CHANGED = {"io.ccl.agents.type-franco.config", "io.ccl.agents.type-marco.config",
        "io.ccl.agents.voice.marco.config", "io.ccl.runtime.config"};
    static final Map<String, String> ORIGINAL = new LinkedHashMap<>();
    static FelixRuntime runtime;
    static Http http;
    static FakeHume hume;
    static Path home;

    @BeforeAll
    static void boot() throws Exception {
        home = Path.of(System.getProperty("ccl.it.home"));
        for (String f : CHANGED) {
            Path p = home.resolve("config").resolve(f);
            ORIGINAL.put(f, Files.exists(p) ? Files.readString(p) : null);
        }
        hume = new FakeHume("hume-test-key-" + System.nanoTime());
        // A type with one worker and no waiting room, for the burst.
        Files.writeString(home.resolve("config/io.ccl.agents.type-franco.config"),
                "type=\"franco\"\nsecrets=[\"default/voice/deployment-key\"]\negress.allow=[]\nworkers=I\"1\"\nqueue.size=I\"0\"\n");
        // MARCO with the HTTP provider: its URL and key are secrets the runtime receives after attestation,
        // and only the provider's host is on its egress allowlist.
        Files.writeString(home.resolve("config/io.ccl.agents.voice.marco.config"),
                "provider=\"http\"\nprovider.poll.interval.ms=L\"50\"\n");
        Files.writeString(home.resolve("config/io.ccl.agents.type-marco.config"), "type=\"marco\"\nsecrets=["
                + "\"default/voice/deployment-key\",\"default/voice/provider-url\",\"default/voice/provider-api-key\"]\n"
                + "egress.allow=[\"http://127.0.0.1:" + hume.port() + "\"]\n");
        Files.writeString(home.resolve("config/io.ccl.runtime.config"), ORIGINAL.get("io.ccl.runtime.config").replace(
                "\"default/voice/deployment-key\"]",
                "\"default/voice/deployment-key\",\"default/voice/provider-url\",\"default/voice/provider-api-key\"]"));
        // Without the provider secrets the runtime cannot be provisioned: it listens, but is not READY yet.
        runtime = FelixRuntime.startListening(home);
        http = new Http(runtime.baseUrl());
        String token = Files.readString(home.resolve("data/admin.token")).trim();
        for (Map.Entry<String, String> secret : Map.of("provider-url", "http://127.0.0.1:" + hume.port(),
                "provider-api-key", hume.apiKey).entrySet()) {
            Http.Response put = http.send("PUT", "/api/v1/secrets/default/voice/" + secret.getKey(), Map.of("value",
                    Base64.getEncoder().encodeToString(secret.getValue().getBytes(StandardCharsets.UTF_8))),
                    "Authorization", "Bearer " + token);
            assertTrue(put.status() == 201, put.body());
        }
        Instant deadline = Instant.now().plusSeconds(60);
        while (http.get("/health/enclave").status() != 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        runtime.awaitSettled();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (runtime != null) {
                runtime.close();
            }
        } finally {
            hume.close();
            for (Map.Entry<String, String> e : ORIGINAL.entrySet()) {
                Path p = home.resolve("config").resolve(e.getKey());
                if (e.getValue() == null) {
                    Files.deleteIfExists(p);
                } else {
                    Files.writeString(p, e.getValue());
                }
            }
        }
    }

    @Test
    void aTranscriptFullOfPersonalDataIsMaskedBeforeAnythingLeavesTheRuntime() throws Exception {
        EncryptionKey requester = EncryptionKey.generate();
        Map<String, Object> body = job(wav(6), "marco");
        body.put("reply_to", requester.publicJwk());
        Http.Response submitted = http.send("POST", "/api/v1/agents/marco/jobs", body);
        assertEquals(202, submitted.status(), submitted.body());
        Map<String, Object> view = await((String) submitted.json().get("id"));
        assertEquals("COMPLETED", view.get("status"), view.toString());
        assertEquals(1, hume.submissions.get(), "the call went to the provider on the allowlist");
        String viewJson = Http.JSON.writeValueAsString(view);
        for (String pii : TRANSCRIPT_PII) {
            assertFalse(viewJson.contains(pii), "personal data in the job view: " + pii);
        }
        Map<?, ?> result = Http.JSON.readValue(requester.open((String) view.get("result")), Map.class);
        String masked = String.valueOf(result.get("masked_transcript"));
        for (String pii : TRANSCRIPT_PII) {
            assertFalse(masked.contains(pii), "personal data in the masked transcript: " + masked);
        }
        for (String tag : List.of("[IBAN]", "[CARD]", "[EMAIL]", "[CODICE_FISCALE]", "[NAME]", "sha256:")) {
            assertTrue(masked.contains(tag), tag + " in " + masked);
        }
    }

    /** Verifies the runtime's fresh evidence and its binding, as `./ccl attest` does; returns its key. */
    static Map<String, Object> attestedKey() throws Exception {
        String nonce = HexFormat.of().formatHex(java.security.SecureRandom.getInstanceStrong().generateSeed(16));
        Map<String, Object> a = http.get("/api/v1/compute/attestation?nonce=" + nonce).json();
        @SuppressWarnings("unchecked")
        Map<String, Object> runtimeData = (Map<String, Object>) a.get("runtime_data");
        assertEquals(nonce, runtimeData.get("nonce"));
        Evidence evidence = EvidenceJson.fromJson((Map<?, ?>) a.get("tee_evidence"));
        PublicKey installation = InsecureInstallationKey.readPublic(runtime.home.resolve("data/simulation/"
                + InsecureInstallationKey.PUBLIC_FILE));
        new InsecureSimulationVerifier(List.of(installation), Duration.ofMinutes(5)).verify(evidence,
                VerificationContext.builder(Instant.now()).expectReportData(RuntimeDataBinding.reportData(runtimeData)).build());
        @SuppressWarnings("unchecked")
        Map<String, Object> key = (Map<String, Object>) runtimeData.get("tee-pubkey");
        return key;
    }

    static byte[] wav(int seconds) throws Exception {
        float rate = 16000;
        int frames = (int) rate * seconds;
        byte[] pcm = new byte[frames * 2];
        for (int i = 0; i < frames; i++) {
            double t = i / rate;
            double v = ((int) t) % 2 == 0 && t % 1 < 0.8 ? 0.3 * Math.sin(2 * Math.PI * 220 * t) : 0.001 * Math.sin(t * 7);
            short s = (short) Math.round(v * Short.MAX_VALUE);
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), new AudioFormat(rate, 16, 1, true, false), frames);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(in, AudioFileFormat.Type.WAVE, out);
        return out.toByteArray();
    }

    static Map<String, Object> job(byte[] wav, String agent) throws Exception {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("phone_number", PHONE);
        metadata.put("shipment_id", "SHP-2026-000123");
        metadata.put("agent_type", agent);
        metadata.put("language", "it");
        metadata.put("names", List.of(NAME));
        Map<String, Object> input = Map.of("audio", Base64.getEncoder().encodeToString(wav), "metadata", metadata);
        return new LinkedHashMap<>(Map.of("input", Jwe.seal(Http.JSON.writeValueAsBytes(input), attestedKey())));
    }

    static Map<String, Object> await(String id) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            Map<String, Object> view = http.get("/api/v1/jobs/" + id).json();
            if ("COMPLETED".equals(view.get("status")) || "FAILED".equals(view.get("status"))) {
                return view;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not end");
    }

    @Test
    void aCallIsAnalysedInsideTheRuntimeAndNoPersonalDataLeavesInTheSafeView() throws Exception {
        EncryptionKey requester = EncryptionKey.generate();
        Map<String, Object> body = job(wav(6), "sara");
        body.put("reply_to", requester.publicJwk());
        Http.Response submitted = http.send("POST", "/api/v1/agents/sara/jobs", body);
        assertEquals(202, submitted.status(), submitted.body());
        Map<String, Object> view = await((String) submitted.json().get("id"));
        assertEquals("COMPLETED", view.get("status"), view.toString());

        String safeView = Http.JSON.writeValueAsString(view.get("safe_view"));
        for (String pii : List.of(PHONE, PHONE.replace(" ", ""), "3331234567", NAME, "Rossi")) {
            assertFalse(safeView.contains(pii), "personal data in the safe view: " + safeView);
            assertFalse(Http.JSON.writeValueAsString(view).contains(pii), "personal data in the job view");
        }
        assertTrue(safeView.contains("sha256:"), "the caller appears as a keyed hash: " + safeView);
        assertTrue(safeView.contains("\"pii_masked\":true"), safeView);
        assertTrue(safeView.contains("\"enclave_attested\":true"), safeView);
        assertTrue(safeView.contains("\"memory_encrypted\":false"), "simulation encrypts no memory: " + safeView);

        // The job's entry in the receipts log: its receipt verifies against the verifier's keys alone.
        String id = (String) submitted.json().get("id");
        Map<String, Object> withReceipt = view;
        for (int i = 0; i < 50 && withReceipt.get("receipt_id") == null; i++) {
            Thread.sleep(100);
            withReceipt = http.get("/api/v1/jobs/" + id).json();
        }
        Http.Response receiptJson = http.get("/api/v1/receipts/" + withReceipt.get("receipt_id"));
        assertEquals(200, receiptJson.status(), receiptJson.body());
        Receipt receipt = ReceiptJson.readReceipt(receiptJson.body().getBytes(StandardCharsets.UTF_8));
        AttestedReceiptVerifier.forJwks(http.get("/.well-known/jwks.json").json(), null, false).verify(receipt, null);
        String entry = new String(receipt.entry().content(), StandardCharsets.UTF_8);
        assertTrue(entry.contains("\"action\":\"job.complete\"") && entry.contains(id), entry);
        assertTrue(entry.contains((String) view.get("input_sha256")), "the entry names the input digest: " + entry);
        assertFalse(entry.contains(NAME) || entry.contains("3331234567"), entry);

        byte[] result = requester.open((String) view.get("result"));
        Map<?, ?> opened = Http.JSON.readValue(result, Map.class);
        assertEquals("sara", opened.get("agent_type"));
        assertTrue(String.valueOf(opened.get("analytics")).contains("duration"), String.valueOf(opened.get("analytics")));
        assertThrowsCrypto(() -> EncryptionKey.generate().open((String) view.get("result")));
    }

    @Test
    void aBurstIsRefusedWith503AndEveryAcceptedJobCompletes() throws Exception {
        byte[] wav = wav(3);
        List<Map<String, Object>> bodies = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Map<String, Object> b = job(wav, "franco");
            b.put("reply_to", EncryptionKey.generate().publicJwk());
            bodies.add(b);
        }
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Http.Response>> sent = new ArrayList<>();
            for (Map<String, Object> b : bodies) {
                Callable<Http.Response> c = () -> new Http(runtime.baseUrl()).send("POST", "/api/v1/agents/franco/jobs", b);
                sent.add(pool.submit(c));
            }
            int accepted = 0;
            int refused = 0;
            List<String> ids = new ArrayList<>();
            for (Future<Http.Response> f : sent) {
                Http.Response r = f.get();
                if (r.status() == 202) {
                    accepted++;
                    ids.add((String) r.json().get("id"));
                } else {
                    assertEquals(503, r.status(), r.body());
                    assertTrue(r.body().contains("QUEUE_FULL"), r.body());
                    refused++;
                }
            }
            assertTrue(accepted >= 1 && refused >= 1, "accepted " + accepted + ", refused " + refused);
            for (String id : ids) {
                assertEquals("COMPLETED", await(id).get("status"), "an accepted job is never lost");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void notWavIsAClearFailureAndUnknownTypesAre404() throws Exception {
        Map<String, Object> input = Map.of("audio", Base64.getEncoder().encodeToString("ID3 not a wav".getBytes(StandardCharsets.UTF_8)),
                "metadata", Map.of("language", "it"));
        Map<String, Object> body = new LinkedHashMap<>(Map.of("input", Jwe.seal(Http.JSON.writeValueAsBytes(input), attestedKey()),
                "reply_to", EncryptionKey.generate().publicJwk()));
        Http.Response submitted = http.send("POST", "/api/v1/agents/marco/jobs", body);
        assertEquals(202, submitted.status(), submitted.body());
        Map<String, Object> view = await((String) submitted.json().get("id"));
        assertEquals("FAILED", view.get("status"));
        assertEquals("AUDIO_NOT_WAV", ((Map<?, ?>) view.get("error")).get("code"));
        assertEquals(404, http.send("POST", "/api/v1/agents/nobody/jobs", body).status());
        assertTrue(String.valueOf(http.get("/api/v1/compute/status").json().get("available_agents")).contains("sara"));
        assertTrue(http.get("/metrics").body().contains("ccl_agents_network_isolation_breaches_total 0"));
    }

    static void assertThrowsCrypto(org.junit.jupiter.api.function.Executable e) {
        org.junit.jupiter.api.Assertions.assertThrows(io.ccl.crypto.CryptoException.class, e);
    }
}
