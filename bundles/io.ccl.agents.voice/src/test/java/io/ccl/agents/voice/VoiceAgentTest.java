package io.ccl.agents.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ccl.agents.api.AgentException;
import io.ccl.agents.api.AgentResult;
import io.ccl.agents.api.CapabilityDeniedException;
import io.ccl.agents.api.JobInput;
import io.ccl.agents.api.RuntimeFacts;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import javax.sound.sampled.AudioFormat;
import org.junit.jupiter.api.Test;

class VoiceAgentTest {
    private final StubContext ctx = new StubContext();

    private static JsonNode json(byte[] b) throws Exception {
        return Calls.JSON.readTree(b);
    }

    private static String code(VoiceAgentType agent, StubContext ctx, byte[] input) {
        return assertThrows(AgentException.class, () -> agent.run(ctx, JobInput.wrap(input))).code();
    }

    @Test
    void theThreeAgentsHaveTheirTypesAndRoles() {
        assertEquals("sara", new SaraAgent(Configs.offline()).type());
        assertEquals("marco", new MarcoAgent(Configs.offline()).type());
        assertEquals("franco", new FrancoAgent(Configs.offline()).type());
        assertTrue(new MarcoAgent(Configs.offline()).describe().contains(MarcoAgent.ROLE));
        assertTrue(new FrancoAgent(Configs.http(10)).describe().contains("http provider"));
    }

    @Test
    void anOfflineCallGivesAFullResultAndASafeViewWithTheSecurityBlock() throws Exception {
        byte[] wav = Calls.wav(8);
        AgentResult r = new SaraAgent(Configs.offline()).run(ctx, JobInput.wrap(Calls.input(wav, "sara")));
        JsonNode full = json(r.result());
        assertEquals(VoiceResult.SCHEMA, full.get("schema").asText());
        assertEquals("sara", full.get("agent_type").asText());
        assertEquals(SaraAgent.ROLE, full.get("role").asText());
        assertEquals("offline", full.get("provider").asText());
        assertEquals(Calls.PHONE, full.get("metadata").get("phone_number").asText(), "the full result is raw");
        assertEquals(8000, full.get("analytics").get("duration_ms").asLong());
        assertEquals(4, full.get("analytics").get("segments").size());
        assertTrue(full.get("speech").get("synthetic").asBoolean());
        assertEquals("simulation", full.get("runtime").get("tee_type").asText());
        assertFalse(full.has("model"));

        JsonNode view = Calls.JSON.valueToTree(r.safeView());
        assertEquals("ccl.voice.safe-view/1", view.get("schema").asText());
        assertEquals("sara", view.get("agent_type").asText());
        assertTrue(view.get("caller").asText().matches("sha256:[0-9a-f]{32}"));
        JsonNode security = view.get("security");
        assertTrue(security.get("enclave_attested").asBoolean());
        assertFalse(security.get("memory_encrypted").asBoolean(), "simulation: memory is not encrypted");
        assertTrue(security.get("pii_masked").asBoolean());
        assertEquals(full.get("safe_view").toString(), view.toString());
        String text = view.toString();
        for (String p : Calls.planted()) {
            assertFalse(text.contains(p), p);
        }
    }

    @Test
    void hardwareTeesReportEncryptedMemory() throws Exception {
        ctx.facts = new RuntimeFacts("sevsnp", false, true, true);
        AgentResult r = new FrancoAgent(Configs.offline()).run(ctx, JobInput.wrap(Calls.input(Calls.wav(2), null)));
        JsonNode security = Calls.JSON.valueToTree(r.safeView()).get("security");
        assertTrue(security.get("memory_encrypted").asBoolean());
        assertEquals("franco", Calls.JSON.valueToTree(r.safeView()).get("agent_type").asText());
    }

    @Test
    void phoneHashesAreKeyedPerDeployment() throws Exception {
        byte[] input = Calls.input(Calls.wav(2), "marco");
        String a = (String) new MarcoAgent(Configs.offline()).run(ctx, JobInput.wrap(input.clone())).safeView().get("caller");
        String b = (String) new MarcoAgent(Configs.offline()).run(ctx, JobInput.wrap(input.clone())).safeView().get("caller");
        assertEquals(a, b, "stable within a deployment");
        ctx.secrets.put(StubContext.DEPLOYMENT_KEY, "another deployment's 32-byte key!".getBytes(StandardCharsets.US_ASCII));
        String c = (String) new MarcoAgent(Configs.offline()).run(ctx, JobInput.wrap(input)).safeView().get("caller");
        assertFalse(a.equals(c), "another deployment key gives another token");
    }

    @Test
    void anythingButWavPcmIsAClearTypedFailure() throws Exception {
        SaraAgent sara = new SaraAgent(Configs.offline());
        byte[] mp3 = "ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000 not audio".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("AUDIO_NOT_WAV", code(sara, ctx, Calls.input(mp3, null)));
        byte[] ulaw = Calls.wav(1, AudioFormat.Encoding.ULAW, 8);
        AgentException e = assertThrows(AgentException.class, () -> sara.run(ctx, JobInput.wrap(Calls.input(ulaw, null))));
        assertEquals("AUDIO_UNSUPPORTED_FORMAT", e.code());
        assertTrue(e.getMessage().contains("law"), e.getMessage());
        byte[] wav = Calls.wav(1);
        assertEquals("AUDIO_TRUNCATED", code(sara, ctx, Calls.input(Arrays.copyOf(wav, wav.length / 2 + 1), null)));
    }

    @Test
    void badInputsAreTypedAndNeverEchoed() throws Exception {
        SaraAgent sara = new SaraAgent(Configs.offline());
        String audio = Base64.getEncoder().encodeToString(Calls.wav(1));
        assertEquals("INVALID_INPUT", code(sara, ctx, "not json".getBytes()));
        assertEquals("INVALID_INPUT", code(sara, ctx, "{}".getBytes()));
        assertEquals("INVALID_INPUT", code(sara, ctx, ("{\"audio\":\"" + audio + "\"}").getBytes()));
        assertEquals("INVALID_INPUT", code(sara, ctx, ("{\"audio\":\"" + audio
                + "\",\"metadata\":{\"language\":\"it\",\"iban\":\"" + Calls.IBAN + "\"}}").getBytes()));
        assertEquals("INVALID_INPUT", code(sara, ctx, "{\"audio\":\"%%%\",\"metadata\":{\"language\":\"it\"}}".getBytes()));
        AgentException mismatch = assertThrows(AgentException.class,
                () -> sara.run(ctx, JobInput.wrap(Calls.input(Calls.wav(1), "franco"))));
        assertEquals("AGENT_TYPE_MISMATCH", mismatch.code());
        AgentException badPhone = assertThrows(AgentException.class, () -> sara.run(ctx, JobInput.wrap((
                "{\"audio\":\"" + audio + "\",\"metadata\":{\"language\":\"it\",\"phone_number\":\"call "
                        + Calls.EMAIL + "\"}}").getBytes())));
        assertEquals("INVALID_METADATA", badPhone.code());
        assertFalse(badPhone.getMessage().contains(Calls.EMAIL));
        AgentException badLanguage = assertThrows(AgentException.class, () -> sara.run(ctx, JobInput.wrap((
                "{\"audio\":\"" + audio + "\",\"metadata\":{\"language\":\"" + Calls.CF + "\"}}").getBytes())));
        assertEquals("INVALID_METADATA", badLanguage.code());
        assertFalse(badLanguage.getMessage().contains(Calls.CF));
    }

    @Test
    void theDeploymentKeyMustBeGrantedAndLongEnough() throws Exception {
        byte[] input = Calls.input(Calls.wav(1), null);
        ctx.secrets.clear();
        CapabilityDeniedException e = assertThrows(CapabilityDeniedException.class,
                () -> new SaraAgent(Configs.offline()).run(ctx, JobInput.wrap(input.clone())));
        assertEquals("SECRET_NOT_GRANTED", e.code());
        ctx.secrets.put(StubContext.DEPLOYMENT_KEY, new byte[8]);
        assertEquals("DEPLOYMENT_KEY_INVALID", code(new SaraAgent(Configs.offline()), ctx, input));
    }

    @Test
    void aConfiguredModelIsVerifiedThroughTheContextAndNamedInTheResult() throws Exception {
        byte[] input = Calls.input(Calls.wav(1), null);
        VoiceAgentType sara = new SaraAgent(Configs.of("offline", "call-lexicon", 1000));
        assertEquals("MODEL_NOT_GRANTED", assertThrows(CapabilityDeniedException.class,
                () -> sara.run(ctx, JobInput.wrap(input.clone()))).code());
        ctx.models.put("call-lexicon", StubContext.model("call-lexicon", "lexicon"));
        JsonNode full = json(sara.run(ctx, JobInput.wrap(input)).result());
        assertEquals("call-lexicon", full.get("model").get("name").asText());
        assertEquals("ab".repeat(32), full.get("model").get("sha256").asText());
    }

    @Test
    void requestsShowSizesOnly() throws Exception {
        VoiceRequest r = VoiceRequest.parse(JobInput.wrap(Calls.input(Calls.wav(1), null)));
        assertTrue(r.audio().length > 1000);
        assertFalse(r.toString().contains("RIFF"));
        assertNull(new VoiceRequest(null, null).audio());
    }
}
