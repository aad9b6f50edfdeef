package io.ccl.agents.voice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.ccl.agents.api.AgentType;
import io.ccl.agents.api.JobStatus;
import io.ccl.agents.api.JobView;
import io.ccl.agents.engine.audit.JobAudit;
import io.ccl.agents.engine.jobs.Engine;
import io.ccl.agents.engine.jobs.EngineSettings;
import io.ccl.agents.engine.jobs.TypeSettings;
import io.ccl.agents.voice.hume.FakeHume;
import io.ccl.crypto.EncryptionKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The voice agents on the real engine: input sealed to the runtime, capability contexts with granted
 * secrets, the egress allowlist in front of the provider, results sealed to the requester.
 */
class VoiceEngineTest {
    private static final String[] SECRETS = {"default/voice/deployment-key", "default/voice/provider-url",
        "default/voice/provider-api-key"};

    @TempDir
    Path dir;
    private final TestRuntime runtime = new TestRuntime();
    private final EncryptionKey requester = EncryptionKey.generate();
    private FakeHume hume;
    private FakeHume elsewhere;
    private Engine engine;

    @BeforeEach
    void start() throws Exception {
        hume = new FakeHume();
        elsewhere = new FakeHume();
        engine = new Engine(runtime, EngineSettings.defaults(dir), Clock.systemUTC(), new JobAudit(Clock.systemUTC()));
        runtime.provision("default/voice/deployment-key", "0123456789abcdef0123456789abcdef");
        runtime.provision("default/voice/provider-url", hume.baseUrl());
        runtime.provision("default/voice/provider-api-key", hume.apiKey);
    }

    @AfterEach
    void stop() {
        engine.close();
        hume.close();
        elsewhere.close();
    }

    private void register(AgentType agent, String[] secrets, String... egress) {
        engine.addAgent(agent.type(), agent, 0, 1);
        engine.configure(TypeSettings.of(agent.type(), secrets, egress, new String[0], 1, 2, 60,
                EngineSettings.defaults(dir), p -> fail(p)));
    }

    private JobView run(String type, byte[] input) throws Exception {
        String id = engine.submit(type, runtime.seal(input), requester.publicJwk()).id();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!engine.job(id).orElseThrow().status().terminal()) {
            if (System.nanoTime() > deadline) {
                fail("job did not end");
            }
            Thread.sleep(2);
        }
        return engine.job(id).orElseThrow();
    }

    private static void assertNoPii(String text) {
        for (String p : Calls.planted()) {
            assertFalse(text.contains(p), p + " leaked");
        }
    }

    @Test
    void theThreeAgentsRunOfflineEndToEnd() throws Exception {
        register(new SaraAgent(Configs.offline()), SECRETS);
        register(new MarcoAgent(Configs.offline()), SECRETS);
        register(new FrancoAgent(Configs.offline()), SECRETS);
        byte[] wav = Calls.wav(6);
        for (String type : List.of("sara", "marco", "franco")) {
            JobView v = run(type, Calls.input(wav, type));
            assertEquals(JobStatus.COMPLETED, v.status(), v.errorCode() + " " + v.errorMessage());
            JsonNode full = Calls.JSON.readTree(requester.open(v.result()));
            assertEquals(type, full.get("agent_type").asText());
            assertEquals(v.id(), full.get("job_id").asText());
            assertEquals(6000, full.get("analytics").get("duration_ms").asLong());
            JsonNode view = Calls.JSON.valueToTree(v.safeView());
            assertEquals(type, view.get("agent_type").asText());
            assertTrue(view.get("security").get("enclave_attested").asBoolean());
            assertFalse(view.get("security").get("memory_encrypted").asBoolean());
            assertTrue(view.get("security").get("pii_masked").asBoolean());
            assertNoPii(view.toString());
            assertNoPii(v.toString());
        }
        assertEquals(3, engine.agents().size());
    }

    @Test
    void theHttpProviderIsReachedThroughTheAllowlistAndEverythingLeavingIsMasked() throws Exception {
        register(new SaraAgent(Configs.http(5)), SECRETS, "http://127.0.0.1:" + hume.port());
        byte[] wav = Calls.wav(8);
        JobView v = run("sara", Calls.input(wav, "sara"));
        assertEquals(JobStatus.COMPLETED, v.status(), v.errorCode() + " " + v.errorMessage());
        assertArrayEquals(wav, hume.receivedFile);
        JsonNode full = Calls.JSON.readTree(requester.open(v.result()));
        assertEquals("hume", full.get("provider").asText());
        String masked = full.get("masked_transcript").toString();
        for (String token : List.of("[NAME]", "[IBAN]", "[CARD]", "[EMAIL]", "[CODICE_FISCALE]", "sha256:")) {
            assertTrue(masked.contains(token), token + " in " + masked);
        }
        assertNoPii(masked);
        assertTrue(full.get("speech").toString().contains(Calls.IBAN), "the raw answer is for the requester only");
        JsonNode view = Calls.JSON.valueToTree(v.safeView());
        assertNoPii(view.toString());
        assertEquals(4, view.get("transcript").get("segments").asInt());
        JsonNode pii = view.get("pii");
        assertEquals(1, pii.get("iban").asInt());
        assertEquals(1, pii.get("card").asInt());
        assertEquals(1, pii.get("email").asInt());
        assertEquals(1, pii.get("codice_fiscale").asInt());
        assertEquals(2, pii.get("phone").asInt(), "metadata and transcript");
        assertEquals(view.get("caller").asText(), full.get("masked_transcript").get(0).get("text").asText()
                .replaceAll(".*(sha256:[0-9a-f]{32}).*", "$1"), "one number, one token");
        assertEquals(0, engine.networkIsolationBreaches());
    }

    @Test
    void aProviderOutsideTheAllowlistIsBlockedAndCountedAsABreach() throws Exception {
        register(new SaraAgent(Configs.http(5)), SECRETS, "http://127.0.0.1:" + hume.port());
        runtime.provision("default/voice/provider-url", elsewhere.baseUrl());
        runtime.provision("default/voice/provider-api-key", elsewhere.apiKey);
        JobView v = run("sara", Calls.input(Calls.wav(4), "sara"));
        assertEquals(JobStatus.FAILED, v.status());
        assertEquals("NETWORK_ISOLATION_BREACH", v.errorCode());
        assertTrue(v.errorMessage().contains("127.0.0.1:" + elsewhere.port()));
        assertEquals(1, engine.networkIsolationBreaches());
        assertEquals(0, elsewhere.requests.get(), "nothing reached the other host");
        assertEquals(0, hume.requests.get());
    }

    @Test
    void withoutGrantsTheAgentsGetNothing() throws Exception {
        register(new MarcoAgent(Configs.offline()), new String[0]);
        assertEquals("SECRET_NOT_GRANTED", run("marco", Calls.input(Calls.wav(2), null)).errorCode());
        register(new FrancoAgent(Configs.http(5)), SECRETS);
        JobView noEgress = run("franco", Calls.input(Calls.wav(2), null));
        assertEquals("NETWORK_ISOLATION_BREACH", noEgress.errorCode(), "an empty allowlist allows nothing");
        assertEquals(0, hume.requests.get());
        register(new SaraAgent(Configs.offline()), SECRETS);
        JobView notWav = run("sara", Calls.input("plain text, not audio".getBytes(), null));
        assertEquals("AUDIO_NOT_WAV", notWav.errorCode());
    }

    @Test
    void hardwareRuntimesReportEncryptedMemory() throws Exception {
        runtime.hardware = true;
        register(new SaraAgent(Configs.offline()), SECRETS);
        JobView v = run("sara", Calls.input(Calls.wav(2), null));
        JsonNode view = Calls.JSON.valueToTree(v.safeView());
        assertTrue(view.get("security").get("memory_encrypted").asBoolean());
        assertEquals("sevsnp", Calls.JSON.readTree(requester.open(v.result())).get("runtime").get("tee_type").asText());
    }
}
