package io.ccl.agents.voice.analysis;

/**
 * Parameters of the audio analytics. The defaults suit telephone speech; see the README for how
 * the voice activity threshold is derived from them.
 *
 * @param frameMs analysis frame length, 10 to 50 ms; segment boundaries are exact to one frame
 * @param hangoverMs pauses shorter than this inside speech are bridged: the talk segments on both
 *        sides become one (0 to 2000 ms)
 * @param minSegmentMs talk segments shorter than this after bridging are dropped as clicks
 *        (0 to 1000 ms)
 * @param vadFloorDbfs absolute floor of the voice activity threshold, in dBFS (−90 to −10): frames
 *        at or below it are never speech
 * @param vadMarginDb how far above the estimated noise floor a frame must be to count as speech,
 *        in dB (3 to 40)
 */
public record AnalysisSettings(int frameMs, int hangoverMs, int minSegmentMs, double vadFloorDbfs,
        double vadMarginDb) {
    /** 20 ms frames, 300 ms hangover, 100 ms shortest segment, −48 dBFS floor, 12 dB margin. */
    public static final AnalysisSettings DEFAULT = new AnalysisSettings(20, 300, 100, -48.0, 12.0);

    public AnalysisSettings {
        if (frameMs < 10 || frameMs > 50) {
            throw new IllegalArgumentException("frameMs must be between 10 and 50");
        }
        if (hangoverMs < 0 || hangoverMs > 2000) {
            throw new IllegalArgumentException("hangoverMs must be between 0 and 2000");
        }
        if (minSegmentMs < 0 || minSegmentMs > 1000) {
            throw new IllegalArgumentException("minSegmentMs must be between 0 and 1000");
        }
        if (!(vadFloorDbfs >= -90 && vadFloorDbfs <= -10)) {
            throw new IllegalArgumentException("vadFloorDbfs must be between -90 and -10");
        }
        if (!(vadMarginDb >= 3 && vadMarginDb <= 40)) {
            throw new IllegalArgumentException("vadMarginDb must be between 3 and 40");
        }
    }
}
