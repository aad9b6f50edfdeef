package io.ccl.agents.voice;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.ccl.agents.voice.analysis.AudioAnalytics;
import io.ccl.agents.voice.analysis.CallMetadata;
import io.ccl.agents.voice.analysis.SafeView;
import io.ccl.agents.voice.analysis.SpeechAnalysis;
import io.ccl.agents.voice.analysis.TranscriptSegment;
import java.util.List;

/**
 * The full result of a voice job, for the requester only: it leaves the runtime sealed to the
 * requester's key. Holds the raw metadata and the raw provider answer besides the masked
 * transcript and the safe view. {@link #toString()} shows no personal data.
 *
 * @param schema {@value #SCHEMA}
 * @param jobId the job
 * @param agentType sara, marco or franco
 * @param role the agent's role text
 * @param provider the speech-analytics provider id ({@code offline}, {@code hume})
 * @param metadata the call metadata as given (raw)
 * @param analytics the audio analytics
 * @param speech the provider's answer (raw; placeholders for the offline provider)
 * @param maskedTranscript the transcript with personal data masked
 * @param safeView the safe view with the security block filled in
 * @param runtime where the job ran
 * @param model the verified model the agent loaded, or null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schema", "job_id", "agent_type", "role", "provider", "metadata", "analytics", "speech",
    "masked_transcript", "safe_view", "runtime", "model"})
record VoiceResult(String schema, String jobId, String agentType, String role, String provider, CallMetadata metadata,
        AudioAnalytics analytics, SpeechAnalysis speech, List<TranscriptSegment> maskedTranscript, SafeView safeView,
        RuntimeInfo runtime, Model model) {
    static final String SCHEMA = "ccl.voice.result/1";

    /** Where the job ran. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record RuntimeInfo(String teeType, boolean insecureTee, boolean enclaveAttested, boolean memoryEncrypted) {
    }

    /** A verified model. */
    record Model(String name, String sha256) {
    }

    @Override
    public String toString() {
        return "VoiceResult[" + jobId + ", " + agentType + "]";
    }
}
