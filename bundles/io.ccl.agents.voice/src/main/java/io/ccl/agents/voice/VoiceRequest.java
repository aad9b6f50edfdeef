package io.ccl.agents.voice;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ccl.agents.api.AgentException;
import io.ccl.agents.api.JobInput;
import io.ccl.agents.voice.analysis.CallMetadata;
import io.ccl.agents.voice.analysis.VoiceAgent;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The decrypted input of a voice job:
 *
 * <pre>
 * {"audio": "&lt;base64 WAV PCM&gt;",
 *  "metadata": {"phone_number": "+39 333 1234567", "shipment_id": "SHP-2026-000123",
 *               "agent_type": "sara", "language": "it", "names": ["Mario Rossi"]}}
 * </pre>
 *
 * {@code audio} is standard base64 (RFC 4648 §4). In {@code metadata} only {@code language} is
 * required; {@code agent_type}, when present, must name the agent the job was sent to. Unknown
 * members are refused. {@link #toString()} shows sizes only.
 */
record VoiceRequest(@JsonProperty("audio") byte[] audio, @JsonProperty("metadata") Metadata metadata) {
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                    DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** The metadata members. */
    record Metadata(@JsonProperty("phone_number") String phoneNumber, @JsonProperty("shipment_id") String shipmentId,
            @JsonProperty("agent_type") String agentType, @JsonProperty("language") String language,
            @JsonProperty("names") List<String> names) {
        @Override
        public String toString() {
            return "Metadata[redacted]";
        }
    }

    /**
     * Parses the input. Messages never quote the input (Jackson's would).
     *
     * @throws AgentException {@code INVALID_INPUT}
     */
    static VoiceRequest parse(JobInput input) throws AgentException {
        VoiceRequest r;
        try (InputStream in = input.stream()) {
            r = STRICT.readValue(in, VoiceRequest.class);
        } catch (IOException e) {
            throw new AgentException("INVALID_INPUT", "the input must be JSON {\"audio\": base64 WAV, \"metadata\": "
                    + "{phone_number, shipment_id, agent_type, language, names}} without other members");
        }
        if (r == null || r.audio() == null || r.audio().length == 0) {
            throw new AgentException("INVALID_INPUT", "member 'audio' (base64 WAV) is required");
        }
        if (r.metadata() == null || r.metadata().language() == null) {
            throw new AgentException("INVALID_INPUT", "member 'metadata' with 'language' is required");
        }
        return r;
    }

    /**
     * The validated call metadata for {@code agent}.
     *
     * @throws AgentException {@code AGENT_TYPE_MISMATCH}, {@code INVALID_METADATA}
     */
    CallMetadata callMetadata(VoiceAgent agent) throws AgentException {
        Metadata m = metadata;
        if (m.agentType() != null && !m.agentType().equalsIgnoreCase(agent.type())) {
            throw new AgentException("AGENT_TYPE_MISMATCH", "metadata.agent_type names another agent than "
                    + agent.type());
        }
        try {
            return new CallMetadata(blankToNull(m.phoneNumber()), blankToNull(m.shipmentId()), agent, m.language(),
                    m.names());
        } catch (IllegalArgumentException e) {
            // CallMetadata's messages never repeat a value.
            throw new AgentException("INVALID_METADATA", e.getMessage());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String toString() {
        return "VoiceRequest[" + (audio == null ? 0 : audio.length) + " audio bytes]";
    }
}
