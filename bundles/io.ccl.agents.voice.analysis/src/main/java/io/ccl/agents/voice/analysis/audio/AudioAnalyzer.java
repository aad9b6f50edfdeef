package io.ccl.agents.voice.analysis.audio;

import io.ccl.agents.voice.analysis.AnalysisSettings;
import io.ccl.agents.voice.analysis.AudioAnalytics;
import io.ccl.agents.voice.analysis.LoudnessStats;
import io.ccl.agents.voice.analysis.TalkSegment;
import io.ccl.agents.voice.analysis.wav.PcmAudio;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Duration, talk segments, speech ratio and loudness of a recording.
 *
 * <p>Voice activity is decided per frame by energy against an adaptive threshold:
 * <pre>
 *   noise = 10th percentile of the frame levels (dBFS)
 *   top   = loudest frame level
 *   threshold = floor                         if top - noise &lt; margin  (no quiet part to learn from)
 *             = max(floor, noise + margin)    otherwise
 * </pre>
 * A frame is speech when its level is above the threshold. Runs of speech frames become segments;
 * segments separated by a pause shorter than the hangover are merged, then segments shorter than
 * the minimum are dropped.
 */
public final class AudioAnalyzer {
    private AudioAnalyzer() {
    }

    public static AudioAnalytics analyse(PcmAudio audio, AnalysisSettings settings) {
        FrameLevels levels = FrameLevels.measure(audio, settings.frameMs());
        double[] sorted = levels.levelDbfs.clone();
        Arrays.sort(sorted);
        double noise = percentile(sorted, 10);
        double top = sorted[sorted.length - 1];
        double threshold = top - noise < settings.vadMarginDb()
                ? settings.vadFloorDbfs()
                : Math.max(settings.vadFloorDbfs(), noise + settings.vadMarginDb());

        int rate = audio.format().sampleRate();
        int frames = audio.frames();
        List<long[]> runs = speechRuns(levels, threshold, frames);
        runs = bridge(runs, (long) settings.hangoverMs() * rate / 1000);
        long minSamples = (long) settings.minSegmentMs() * rate / 1000;
        List<TalkSegment> segments = new ArrayList<>();
        long speechFrames = 0;
        long speechMs = 0;
        for (long[] run : runs) {
            if (run[1] - run[0] < minSamples) {
                continue;
            }
            TalkSegment segment = new TalkSegment(run[0] * 1000 / rate, run[1] * 1000 / rate);
            segments.add(segment);
            speechFrames += run[1] - run[0];
            speechMs += segment.lengthMs();
        }
        long durationMs = audio.durationMs();
        double speechRatio = round((double) speechFrames / frames, 1e4);
        LoudnessStats loudness = loudness(audio, levels, sorted, threshold);
        return new AudioAnalytics(audio.format(), durationMs, settings.frameMs(), speechMs,
                Math.max(0, durationMs - speechMs), speechRatio, round(noise, 100), round(threshold, 100), segments,
                loudness);
    }

    /** Maximal runs of speech frames, as [firstSample, endSample) pairs. */
    private static List<long[]> speechRuns(FrameLevels levels, double threshold, int frames) {
        List<long[]> runs = new ArrayList<>();
        int n = levels.levelDbfs.length;
        int f = 0;
        while (f < n) {
            if (levels.levelDbfs[f] > threshold) {
                int start = f;
                while (f < n && levels.levelDbfs[f] > threshold) {
                    f++;
                }
                runs.add(new long[] {(long) start * levels.frameLength,
                    Math.min(frames, (long) f * levels.frameLength)});
            } else {
                f++;
            }
        }
        return runs;
    }

    /** Merges runs whose gap is shorter than {@code hangover} samples. */
    private static List<long[]> bridge(List<long[]> runs, long hangover) {
        List<long[]> merged = new ArrayList<>();
        for (long[] run : runs) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && run[0] - last[1] < hangover) {
                last[1] = run[1];
            } else {
                merged.add(run.clone());
            }
        }
        return merged;
    }

    private static LoudnessStats loudness(PcmAudio audio, FrameLevels levels, double[] sorted, double threshold) {
        double speechEnergy = 0;
        long speechSamples = 0;
        double sumDb = 0;
        for (int f = 0; f < levels.levelDbfs.length; f++) {
            sumDb += levels.levelDbfs[f];
            if (levels.levelDbfs[f] > threshold) {
                speechEnergy += levels.energy[f];
                speechSamples += levels.count[f];
            }
        }
        long samples = audio.samples();
        double rms = FrameLevels.dbfs(StrictMath.sqrt(levels.totalEnergy / samples));
        double speech = speechSamples == 0 ? LoudnessStats.FLOOR_DBFS
                : FrameLevels.dbfs(StrictMath.sqrt(speechEnergy / speechSamples));
        return new LoudnessStats(round(rms, 100), round(speech, 100), round(sumDb / sorted.length, 100),
                round(sorted[sorted.length - 1], 100), round(percentile(sorted, 10), 100),
                round(percentile(sorted, 50), 100), round(percentile(sorted, 90), 100),
                round(percentile(sorted, 95), 100), round(FrameLevels.dbfs(levels.peak), 100), levels.clipped,
                round((double) levels.clipped / samples, 1e6));
    }

    /** Nearest-rank percentile of sorted values: the value at rank ceil(p/100 · n). */
    static double percentile(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double round(double value, double scale) {
        return Math.round(value * scale) / scale;
    }
}
