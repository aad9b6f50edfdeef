package io.ccl.agents.voice.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Objects;

/**
 * One utterance of a transcript.
 *
 * @param speaker who spoke, as the provider labels speakers ({@code agent}, {@code caller},
 *        {@code speaker_1}, ...)
 * @param startMs start in the recording, in milliseconds
 * @param endMs end, in milliseconds
 * @param text what was said, as transcribed (raw: may hold personal data)
 * @param sentiment the utterance's sentiment, or null when the provider gives none
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TranscriptSegment(String speaker, long startMs, long endMs, String text, Sentiment sentiment) {
    public TranscriptSegment {
        Objects.requireNonNull(speaker, "speaker");
        Objects.requireNonNull(text, "text");
        if (startMs < 0 || endMs < startMs) {
            throw new IllegalArgumentException("a segment needs 0 <= start <= end");
        }
    }

    /** Says how long the segment is, never what was said. */
    @Override
    public String toString() {
        return "TranscriptSegment[" + startMs + "-" + endMs + " ms, " + text.length() + " chars]";
    }
}
