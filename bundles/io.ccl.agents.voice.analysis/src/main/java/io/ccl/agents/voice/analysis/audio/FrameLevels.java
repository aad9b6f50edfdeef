package io.ccl.agents.voice.analysis.audio;

import io.ccl.agents.voice.analysis.LoudnessStats;
import io.ccl.agents.voice.analysis.wav.PcmAudio;

/**
 * One pass over the samples: the RMS level of every analysis frame, the energy of the whole
 * recording, the peak and the clipped samples. Frames do not overlap; the last one may be short.
 */
final class FrameLevels {
    final int frameLength;
    final double[] levelDbfs;
    /** Sum of squared normalised samples per frame, for the speech-only level. */
    final double[] energy;
    /** Samples (over all channels) per frame. */
    final int[] count;
    final double totalEnergy;
    final double peak;
    final long clipped;

    private FrameLevels(int frameLength, double[] levelDbfs, double[] energy, int[] count, double totalEnergy,
            double peak, long clipped) {
        this.frameLength = frameLength;
        this.levelDbfs = levelDbfs;
        this.energy = energy;
        this.count = count;
        this.totalEnergy = totalEnergy;
        this.peak = peak;
        this.clipped = clipped;
    }

    static FrameLevels measure(PcmAudio audio, int frameMs) {
        int channels = audio.format().channels();
        int frameLength = Math.max(1, audio.format().sampleRate() * frameMs / 1000);
        int frames = audio.frames();
        int n = (frames + frameLength - 1) / frameLength;
        double[] level = new double[n];
        double[] energy = new double[n];
        int[] count = new int[n];
        double scale = 1.0 / audio.fullScale();
        int min = audio.minCode();
        int max = audio.maxCode();
        double total = 0;
        long peakCode = 0;
        long clipped = 0;
        long index = 0;
        for (int f = 0; f < n; f++) {
            int first = f * frameLength;
            int last = Math.min(frames, first + frameLength);
            int samples = (last - first) * channels;
            double sum = 0;
            for (int i = 0; i < samples; i++) {
                int code = audio.code(index++);
                if (code == min || code == max) {
                    clipped++;
                }
                long abs = Math.abs((long) code);
                if (abs > peakCode) {
                    peakCode = abs;
                }
                double x = code * scale;
                sum += x * x;
            }
            energy[f] = sum;
            count[f] = samples;
            level[f] = dbfs(StrictMath.sqrt(sum / samples));
            total += sum;
        }
        return new FrameLevels(frameLength, level, energy, count, total, peakCode * scale, clipped);
    }

    /**
     * 20·log10 of a linear level, floored. StrictMath keeps the result bit-identical on every JVM
     * and CPU, which {@code Math} intrinsics do not promise.
     */
    static double dbfs(double linear) {
        if (!(linear > 0)) {
            return LoudnessStats.FLOOR_DBFS;
        }
        return Math.max(LoudnessStats.FLOOR_DBFS, 20 * StrictMath.log10(linear));
    }
}
