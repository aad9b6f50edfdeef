package io.ccl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ccl job submit|get} against {@link FakeRuntime}: attestation first (nothing is sent when
 * it does not verify), the sealed input as the runtime opens it, retries, polling, and the
 * result's opening and digests.
 */
class JobCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PHONE = "+39 333 1234567";

    @TempDir
    Path tmp;
    private FakeRuntime runtime;
    private Path wav;
    private byte[] wavBytes;
    private Path metadata;

    @BeforeEach
    void setUp() throws Exception {
        runtime = new FakeRuntime(tmp);
        wav = tmp.resolve("call.wav");
        byte[] pcm = new byte[16_000]; // 0.5 s of 16 kHz 16-bit mono
        for (int i = 0; i < pcm.length; i += 2) {
            pcm[i] = (byte) (i * 7);
        }
        AudioFormat format = new AudioFormat(16_000f, 16, 1, true, false);
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), format, pcm.length / 2), AudioFileFormat.Type.WAVE,
                wav.toFile());
        wavBytes = Files.readAllBytes(wav);
        metadata = Files.writeString(tmp.resolve("meta.json"), "{\"phone_number\":\"" + PHONE + "\",\"shipment_id\":\"SHP-2026-000123\","
                + "\"agent_type\":\"sara\",\"language\":\"it\",\"names\":[\"Mario Rossi\"]}");
    }

    @AfterEach
    void tearDown() {
        runtime.close();
        assertEquals(List.of(), runtime.server.errors(), "the fake runtime saw nothing it refuses");
    }

    @Test
    void submitAttestsSealsAndOpensTheCheckedResult() throws Exception {
        Cli.Result r = submit();
        assertEquals(0, r.code(), String.valueOf(r.json()));
        JsonNode j = r.json();
        assertEquals(1, runtime.received.size());
        FakeRuntime.Received got = runtime.received.get(0);
        // The runtime got exactly the WAV, as standard padded base64, and the metadata as written.
        assertEquals(Base64.getEncoder().encodeToString(wavBytes), got.input().get("audio").asText());
        assertEquals(MAPPER.readTree(metadata.toFile()), got.input().get("metadata"));
        assertEquals(got.id(), j.get("job").asText());
        assertEquals("COMPLETED", j.get("status").asText());
        assertEquals("sara", j.get("agent_type").asText());
        assertEquals(runtime.results.get(got.id()), j.get("result"));
        assertEquals(PHONE, j.at("/result/metadata/phone_number").asText());
        assertEquals(runtime.results.get(got.id()).get("safe_view"), j.get("safe_view"));
        assertEquals(JobInput.sha256(got.plaintext()), j.get("input_sha256").asText());
        assertEquals(JobInput.sha256(MAPPER.writeValueAsBytes(runtime.results.get(got.id()))), j.get("result_sha256").asText());
        assertFalse(j.has("reason"));
        assertEquals(JobInput.sha256(got.id().getBytes(java.nio.charset.StandardCharsets.UTF_8)), j.get("receipt_id").asText());
        assertTrue(j.get("submitted").asBoolean());
        assertEquals(1, j.get("attempts").asInt());
        assertEquals("simulation", j.at("/attestation/tee").asText());
        assertTrue(j.at("/attestation/verified").asBoolean());
        assertTrue(j.at("/attestation/claims/insecure").asBoolean());
        assertEquals(io.ccl.crypto.Jwe.thumbprint(runtime.runtimeKey.publicJwk()), j.at("/attestation/tee_pubkey_thumbprint").asText());
        assertEquals("valid", j.at("/attestation/runtime_verifier/token").asText());
        assertEquals("affirming", j.at("/attestation/runtime_verifier/ear_status").asText());
        // The reply key is public, the job was polled until it ended, and the audio never shows.
        assertFalse(got.replyTo().containsKey("d"));
        assertEquals(2, runtime.server.hits("GET", "/api/v1/jobs/" + got.id()));
        assertFalse(r.err().contains(Base64.getEncoder().encodeToString(wavBytes).substring(0, 64)));
        assertFalse(j.toString().contains(Base64.getEncoder().encodeToString(wavBytes).substring(0, 64)));
        assertEquals("", r.err());
    }

    @Test
    void busyRuntimeIsRetriedUntilItAccepts() throws Exception {
        runtime.refusals.add(FakeServer.Response.problem(503, "QUEUE_FULL", "queue of sara is full").withHeader("Retry-After", "1"));
        Cli.Result r = submit();
        assertEquals(0, r.code(), String.valueOf(r.json()));
        assertEquals(2, r.json().get("attempts").asInt());
        assertEquals(2, runtime.server.hits("POST", FakeRuntime.JOBS));
        assertEquals(1, runtime.received.size());
        assertEquals(1, runtime.server.hits(FakeRuntime.ATTESTATION), "one attestation for all attempts");
    }

    @Test
    void busyBeyondTheWaitGivesUpWithoutSleeping() throws Exception {
        runtime.refusals.add(FakeServer.Response.problem(503, "NOT_READY", "runtime is ATTESTING").withHeader("Retry-After", "30"));
        Cli.Result r = submit("--wait", "5");
        assertFailed("HTTP_ERROR", r);
        assertEquals(503, r.json().get("http_status").asInt());
        assertEquals("NOT_READY", r.json().at("/problem/code").asText());
        assertFalse(r.json().get("submitted").asBoolean());
        assertEquals(1, runtime.server.hits("POST", FakeRuntime.JOBS));
    }

    @Test
    void lockdownIsNotRetried() throws Exception {
        runtime.refusals.add(FakeServer.Response.problem(409, "NOT_READY", "the runtime is in LOCKDOWN"));
        Path key = tmp.resolve("refused.jwk");
        Cli.Result r = submit("--key-out", key.toString());
        assertFalse(Files.exists(key), "a key no job was accepted for is not kept");
        assertFalse(r.json().has("key_file"));
        assertFailed("HTTP_ERROR", r);
        assertEquals(409, r.json().get("http_status").asInt());
        assertEquals("NOT_READY", r.json().at("/problem/code").asText());
        assertEquals(1, runtime.server.hits("POST", FakeRuntime.JOBS));
        assertFalse(r.json().has("job"));
    }

    @Test
    void failedJobIsReportedWithItsError() throws Exception {
        runtime.ending = FakeRuntime.Ending.FAILED;
        Cli.Result r = submit();
        assertFailed("JOB_FAILED", r);
        assertEquals("FAILED", r.json().get("status").asText());
        assertEquals("AUDIO_NOT_WAV", r.json().at("/error/code").asText());
        assertTrue(r.json().get("detail").asText().contains("AUDIO_NOT_WAV"));
        assertEquals(runtime.received.get(0).id(), r.json().get("job").asText());
    }

    @Test
    void unverifiedAttestationSendsNothing() throws Exception {
        // Evidence signed by an installation key the CLI does not trust.
        runtime.attester = FakeRuntime.attester(tmp.resolve("other"));
        assertNothingSent("UNTRUSTED_ROOT", submit());
        runtime.attester = FakeRuntime.attester(tmp.resolve("trusted"));
        // A man in the middle swapping the runtime key for its own: the binding breaks.
        runtime.tamper = rd -> {
            rd.put("tee-pubkey", io.ccl.crypto.EncryptionKey.generate().publicJwk());
            return rd;
        };
        Cli.Result swapped = assertNothingSent("REPORT_DATA_MISMATCH", submit());
        assertTrue(swapped.json().at("/attestation/expected").isTextual());
        // A replayed answer to another nonce.
        runtime.tamper = rd -> {
            rd.put("nonce", "b2xkLW5vbmNlLWZyb20teWVzdGVyZGF5");
            return rd;
        };
        assertNothingSent("NONCE_MISMATCH", submit());
        // A runtime that cannot attest.
        runtime.server.route(FakeRuntime.ATTESTATION, q -> FakeServer.Response.problem(503, "EVIDENCE_UNAVAILABLE", "attester down"));
        Cli.Result down = assertNothingSent("HTTP_ERROR", submit());
        assertEquals(503, down.json().at("/attestation/http_status").asInt());
        assertEquals(0, runtime.server.hitsOfMethod("POST"));
    }

    @Test
    void attestedKeyThatCannotBeSealedToSendsNothing() throws Exception {
        // Evidence honestly bound to runtime-data that has no tee-pubkey.
        runtime.server.route(FakeRuntime.ATTESTATION, q -> attestationWithout("tee-pubkey", q));
        Cli.Result r = submit();
        assertFailed("TEE_KEY_UNUSABLE", r);
        assertEquals(0, runtime.server.hitsOfMethod("POST"));
    }

    @Test
    void resultThatDoesNotOpenIsNotPrinted() throws Exception {
        runtime.ending = FakeRuntime.Ending.SEALED_TO_ANOTHER_KEY;
        Cli.Result r = submit();
        assertFailed("RESULT_UNREADABLE", r);
        assertEquals("COMPLETED", r.json().get("status").asText());
        assertFalse(r.json().has("result"));
    }

    @Test
    void digestsThatDoNotMatchFailClosed() throws Exception {
        runtime.ending = FakeRuntime.Ending.WRONG_RESULT_DIGEST;
        Cli.Result r = submit();
        assertFailed("RESULT_DIGEST_MISMATCH", r);
        assertFalse(r.json().has("result"));
        runtime.ending = FakeRuntime.Ending.WRONG_INPUT_DIGEST;
        Cli.Result in = submit();
        assertFailed("INPUT_DIGEST_MISMATCH", in);
        assertFalse(in.json().has("result"));
    }

    @Test
    void jobThatDoesNotEndTimesOut() throws Exception {
        runtime.ending = FakeRuntime.Ending.NEVER;
        Cli.Result r = submit("--wait", "1");
        assertFailed("TIMEOUT", r);
        assertEquals("RUNNING", r.json().get("status").asText());
        assertEquals(runtime.received.get(0).id(), r.json().get("job").asText());
        assertTrue(r.json().get("submitted").asBoolean());
    }

    @Test
    void keptKeyOpensTheResultLater() throws Exception {
        Path key = tmp.resolve("keys").resolve("job.jwk");
        Files.createDirectories(key.getParent());
        runtime.ending = FakeRuntime.Ending.NEVER;
        Cli.Result submitted = submit("--wait", "1", "--key-out", key.toString());
        assertFailed("TIMEOUT", submitted);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        JsonNode jwk = MAPPER.readTree(key.toFile());
        String d = jwk.get("d").asText();
        assertEquals(runtime.received.get(0).replyTo().get("x"), jwk.get("x").asText());
        assertFalse(submitted.json().toString().contains(d) || submitted.err().contains(d), "the private key is never printed");
        String id = submitted.json().get("job").asText();

        runtime.ending = FakeRuntime.Ending.COMPLETED;
        Cli.Result got = Cli.run("job", "get", "--url", runtime.url(), "--id", id, "--key", key.toString());
        assertEquals(0, got.code(), String.valueOf(got.json()));
        assertEquals("COMPLETED", got.json().get("status").asText());
        assertEquals(runtime.results.get(id), got.json().get("result"));
        assertEquals(got.json().at("/view/result_sha256").asText(), got.json().get("result_sha256").asText());
        assertTrue(got.json().at("/view/result").isTextual(), "the view is printed as the runtime sent it");
        assertFalse(got.json().toString().contains(d) || got.err().contains(d));

        Cli.Result viewOnly = Cli.run("job", "get", "--url", runtime.url(), "--id", id);
        assertEquals(0, viewOnly.code());
        assertFalse(viewOnly.json().has("result"));
        assertEquals(got.json().get("result_sha256"), viewOnly.json().get("result_sha256"));

        Path otherKey = tmp.resolve("keys").resolve("other.jwk");
        assertEquals(0, submit("--key-out", otherKey.toString()).code());
        assertFailed("RESULT_UNREADABLE", Cli.run("job", "get", "--url", runtime.url(), "--id", id, "--key", otherKey.toString()));

        Cli.Result unknown = Cli.run("job", "get", "--url", runtime.url(), "--id", "AAAAAAAAAAAAAAAAAAAAAA");
        assertFailed("HTTP_ERROR", unknown);
        assertEquals(404, unknown.json().get("http_status").asInt());

        runtime.ending = FakeRuntime.Ending.FAILED;
        assertFailed("JOB_FAILED", submit());
        String failedId = runtime.received.get(runtime.received.size() - 1).id();
        Cli.Result failed = Cli.run("job", "get", "--url", runtime.url(), "--id", failedId);
        assertFailed("JOB_FAILED", failed);
    }

    @Test
    void badMetadataExitsTwoAndSendsNothing() throws Exception {
        String[] bad = {
            "not json",
            "[\"it\"]",
            "{}",
            "{\"phone_number\":\"" + PHONE + "\"}",
            "{\"language\":42}",
            "{\"language\":\"\"}",
            "{\"language\":\"it\",\"phone_number\":393331234567}",
            "{\"language\":\"it\",\"names\":\"Mario Rossi\"}",
            "{\"language\":\"it\",\"names\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\",\"l\",\"m\",\"n\",\"o\",\"p\",\"q\"]}",
            "{\"language\":\"it\",\"caller\":\"" + PHONE + "\"}",
            "{\"language\":\"it\",\"agent_type\":\"marco\"}",
            "{\"language\":\"it\",\"language\":\"de\"}",
            "{\"language\":\"it\"} {\"language\":\"de\"}",
        };
        for (String m : bad) {
            Files.writeString(metadata, m);
            Cli.Result r = submit();
            assertEquals(2, r.code(), m);
            assertNull(r.json(), m);
            assertTrue(r.err().startsWith("ccl: "), r.err());
            assertFalse(r.err().contains(PHONE), "usage errors never repeat metadata values: " + r.err());
        }
        assertEquals(0, runtime.server.hits(FakeRuntime.ATTESTATION));
        assertEquals(0, runtime.server.hitsOfMethod("POST"));
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        Path existing = Files.writeString(tmp.resolve("existing.jwk"), "{}");
        Path notWav = Files.write(tmp.resolve("call.mp3"), new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        Path notKey = Files.writeString(tmp.resolve("not-a-key.jwk"), "{\"kty\":\"EC\",\"crv\":\"P-256\"}");
        byte[] huge = new byte[JobInput.MAX_AUDIO + 1];
        System.arraycopy(wavBytes, 0, huge, 0, 44);
        Path tooLarge = Files.write(tmp.resolve("huge.wav"), huge);
        String url = runtime.url();
        String a = wav.toString();
        String m = metadata.toString();
        String[][] cases = {
            {"job"},
            {"job", "list"},
            {"job", "submit", "--agent", "sara", "--audio", a, "--metadata", m},
            {"job", "submit", "--url", url, "--audio", a, "--metadata", m},
            {"job", "submit", "--url", url, "--agent", "sara", "--metadata", m},
            {"job", "submit", "--url", url, "--agent", "sara", "--audio", a},
            {"job", "submit", "--url", "file:///etc", "--agent", "sara", "--audio", a, "--metadata", m},
            {"job", "submit", "--url", url, "--agent", "../admin", "--audio", a, "--metadata", m},
            {"job", "submit", "--url", url, "--agent", "sara", "--audio", notWav.toString(), "--metadata", m},
            {"job", "submit", "--url", url, "--agent", "sara", "--audio", tmp.resolve("absent.wav").toString(), "--metadata", m},
            {"job", "submit", "--url", url, "--agent", "sara", "--audio", tooLarge.toString(), "--metadata", m},
            {"job", "submit", "--url", url, "--agent", "sara", "--audio", a, "--metadata", m, "--wait", "0"},
            {"job", "submit", "--url", url, "--agent", "sara", "--audio", a, "--metadata", m, "--wait", "soon"},
            {"job", "submit", "--url", url, "--agent", "sara", "--audio", a, "--metadata", m, "--key-out", existing.toString()},
            {"job", "submit", "--url", url, "--agent", "sara", "--audio", a, "--metadata", m, "--key-out",
                tmp.resolve("no/such/dir/k.jwk").toString()},
            {"job", "submit", "--url", url, "--agent", "sara", "--audio", a, "--metadata", m, "--id", "x"},
            {"job", "get", "--url", url},
            {"job", "get", "--url", url, "--id", "a/b"},
            {"job", "get", "--url", url, "--id", "abc", "--key", tmp.resolve("absent.jwk").toString()},
            {"job", "get", "--url", url, "--id", "abc", "--key", notKey.toString()},
            {"job", "get", "--url", url, "--id", "abc", "--audio", a},
        };
        for (String[] args : cases) {
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.code(), String.join(" ", args));
            assertNull(r.json(), String.join(" ", args));
        }
        assertEquals("{}", Files.readString(existing), "an existing --key-out file is left alone");
        assertEquals(0, runtime.server.hits(FakeRuntime.ATTESTATION));
        assertEquals(0, runtime.server.hitsOfMethod("POST"));
        assertEquals(0, runtime.server.hitsOfMethod("GET"));
    }

    private FakeServer.Response attestationWithout(String member, String query) {
        // A faithful answer (evidence bound to what is shown) whose runtime-data lacks a member.
        Map<String, Object> rd = new java.util.LinkedHashMap<>();
        rd.put("nonce", query.substring(query.indexOf("nonce=") + 6));
        rd.put("measurements", "sha384:" + "ab".repeat(48));
        assertFalse(rd.containsKey(member));
        try {
            io.ccl.tee.api.Evidence ev = runtime.attester.attest(io.ccl.crypto.RuntimeDataBinding.reportData(rd));
            return FakeServer.Response.json(200, Map.of("tee_type", "simulation", "runtime_data", rd,
                    "tee_evidence", io.ccl.tee.api.EvidenceJson.toJson(ev)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Cli.Result submit(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("job", "submit", "--url", runtime.url(), "--agent", "sara", "--audio",
                wav.toString(), "--metadata", metadata.toString(), "--trust-key", runtime.trustKey.toString()));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    private Cli.Result assertNothingSent(String attestationReason, Cli.Result r) {
        assertFailed("ATTESTATION_REJECTED", r);
        assertEquals(attestationReason, r.json().at("/attestation/reason").asText(), String.valueOf(r.json()));
        assertFalse(r.json().at("/attestation/verified").asBoolean());
        assertFalse(r.json().get("submitted").asBoolean());
        assertFalse(r.json().has("job"));
        assertEquals(0, runtime.server.hitsOfMethod("POST"), "nothing is sent to a runtime that did not attest");
        assertTrue(runtime.received.isEmpty());
        return r;
    }

    private static void assertFailed(String reason, Cli.Result r) {
        assertEquals(1, r.code(), String.valueOf(r.json()));
        assertEquals(reason, r.reason(), String.valueOf(r.json()));
        assertTrue(r.json().get("detail").isTextual());
        assertEquals("", r.err());
    }
}
