package io.ccl.agents.voice.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The full result of a call analysis. It holds the raw metadata and transcript: it is for the
 * requester only and leaves the runtime encrypted to the requester's key. {@link #safeView()} is
 * the part that may be logged. {@link #toString()} shows no personal data.
 *
 * @param metadata the metadata as given (raw)
 * @param analytics the audio analytics
 * @param speech the provider's analysis as returned (raw), or null without one
 * @param maskedTranscript the transcript with personal data masked (empty without a speech analysis)
 * @param safeView the safe view
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CallAnalysis(CallMetadata metadata, AudioAnalytics analytics, SpeechAnalysis speech,
        List<TranscriptSegment> maskedTranscript, SafeView safeView) {
    public CallAnalysis {
        maskedTranscript = List.copyOf(maskedTranscript);
    }

    @Override
    public String toString() {
        return "CallAnalysis[agent=" + metadata.agentType().type() + ", durationMs=" + analytics.durationMs()
                + ", talkSegments=" + analytics.segments().size() + ", utterances=" + maskedTranscript.size()
                + ", pii=" + safeView.pii() + "]";
    }
}
