package io.ccl.agents.voice.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Loudness of a recording. Levels are dBFS = 20·log10(level), where 1.0 is digital full scale, so
 * a full-scale sine has an RMS of −3.01 dBFS (AES17 would call that 0 dBFS). Digital silence has no
 * finite level: every level is floored at {@value #FLOOR_DBFS} dBFS. Levels are rounded to 0.01 dB,
 * ratios to 10⁻⁶.
 *
 * @param rmsDbfs RMS over all samples of all channels (the energy mean)
 * @param speechRmsDbfs RMS over the speech frames only (the floor when there is no speech)
 * @param frameMeanDbfs arithmetic mean of the frame levels
 * @param frameMaxDbfs loudest frame
 * @param frameP10Dbfs 10th percentile of the frame levels (nearest rank)
 * @param frameP50Dbfs median frame level
 * @param frameP90Dbfs 90th percentile
 * @param frameP95Dbfs 95th percentile
 * @param peakDbfs largest absolute sample
 * @param clippedSamples samples at the smallest or largest code the sample size can hold
 * @param clippingRatio {@code clippedSamples} over all samples of all channels
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LoudnessStats(double rmsDbfs, double speechRmsDbfs, double frameMeanDbfs, double frameMaxDbfs,
        double frameP10Dbfs, double frameP50Dbfs, double frameP90Dbfs, double frameP95Dbfs, double peakDbfs,
        long clippedSamples, double clippingRatio) {
    /** The level reported for digital silence. */
    public static final double FLOOR_DBFS = -120.0;
}
