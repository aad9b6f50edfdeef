package io.ccl.agents.voice.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * What the audio alone says about a call, computed in-process and deterministically: the same
 * bytes and settings always give the same numbers.
 *
 * @param format the recording's encoding
 * @param durationMs length of the recording (rounded down)
 * @param frameMs analysis frame length used
 * @param speechMs total length of the talk segments
 * @param silenceMs {@code durationMs - speechMs}
 * @param speechRatio share of the recording inside talk segments, 0 to 1 (rounded to 10⁻⁴)
 * @param noiseFloorDbfs estimated noise floor: 10th percentile of the frame levels
 * @param vadThresholdDbfs the level a frame had to exceed to count as speech
 * @param segments talk segments in time order, pauses shorter than the hangover bridged
 * @param loudness loudness statistics
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AudioAnalytics(PcmFormat format, long durationMs, int frameMs, long speechMs, long silenceMs,
        double speechRatio, double noiseFloorDbfs, double vadThresholdDbfs, List<TalkSegment> segments,
        LoudnessStats loudness) {
    public AudioAnalytics {
        segments = List.copyOf(segments);
    }
}
