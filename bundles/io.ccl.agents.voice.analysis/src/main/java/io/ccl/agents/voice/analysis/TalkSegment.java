package io.ccl.agents.voice.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A stretch of speech, from the start of its first speech frame to the end of its last one.
 *
 * @param startMs start, in milliseconds from the beginning of the recording (rounded down)
 * @param endMs end, exclusive, in milliseconds (rounded down)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TalkSegment(long startMs, long endMs) {
    public TalkSegment {
        if (startMs < 0 || endMs < startMs) {
            throw new IllegalArgumentException("a segment needs 0 <= start <= end");
        }
    }

    /** {@code endMs - startMs}. */
    public long lengthMs() {
        return endMs - startMs;
    }
}
