package io.ccl.agents.voice.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Objects;

/**
 * What a speech-analytics provider returns: a transcript in time order and the call's overall
 * sentiment.
 *
 * @param provider the provider's id ({@link SpeechAnalyticsProvider#id()})
 * @param synthetic true when the segments are placeholders, not a transcription (the offline
 *        provider); consumers must not present them as what was said
 * @param segments the utterances (raw: may hold personal data)
 * @param overall sentiment of the whole call, or null when the provider gives none
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SpeechAnalysis(String provider, boolean synthetic, List<TranscriptSegment> segments, Sentiment overall) {
    public SpeechAnalysis {
        Objects.requireNonNull(provider, "provider");
        segments = List.copyOf(segments);
    }

    /** Says what the analysis holds, never the text. */
    @Override
    public String toString() {
        return "SpeechAnalysis[provider=" + provider + ", synthetic=" + synthetic + ", segments=" + segments.size()
                + "]";
    }
}
