package io.ccl.agents.voice.analysis.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.agents.voice.analysis.AnalysisSettings;
import io.ccl.agents.voice.analysis.AudioAnalytics;
import io.ccl.agents.voice.analysis.AudioLimits;
import io.ccl.agents.voice.analysis.LoudnessStats;
import io.ccl.agents.voice.analysis.TalkSegment;
import io.ccl.agents.voice.analysis.wav.Signals;
import io.ccl.agents.voice.analysis.wav.WavReader;
import io.ccl.agents.voice.analysis.wav.WavWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AudioAnalyzerTest {
    private static final AnalysisSettings SETTINGS = AnalysisSettings.DEFAULT;
    private static final int FRAME = SETTINGS.frameMs();

    static AudioAnalytics analyse(byte[] wav) throws Exception {
        return AudioAnalyzer.analyse(WavReader.read(wav, AudioLimits.DEFAULT), SETTINGS);
    }

    @Test
    void digitalSilenceHasNoSpeechAndTheFloorLevel() throws Exception {
        AudioAnalytics a = analyse(new Signals(16000, 3000).wav16());
        assertEquals(3000, a.durationMs());
        assertEquals(List.of(), a.segments());
        assertEquals(0, a.speechMs());
        assertEquals(3000, a.silenceMs());
        assertEquals(0.0, a.speechRatio());
        LoudnessStats l = a.loudness();
        assertEquals(LoudnessStats.FLOOR_DBFS, l.rmsDbfs());
        assertEquals(LoudnessStats.FLOOR_DBFS, l.peakDbfs());
        assertEquals(LoudnessStats.FLOOR_DBFS, l.speechRmsDbfs());
        assertEquals(0, l.clippedSamples());
    }

    @Test
    void aContinuousToneIsOneSegmentWithTheExpectedLevels() throws Exception {
        // 1 kHz at 16 kHz: 16 samples per period, so the crest (0.5) is sampled exactly.
        AudioAnalytics a = analyse(new Signals(16000, 2000).tone(0, 2000, 1000, 0.5).wav16());
        assertEquals(List.of(new TalkSegment(0, 2000)), a.segments());
        assertEquals(1.0, a.speechRatio());
        assertEquals(2000, a.speechMs());
        double rms = 20 * Math.log10(0.5 / Math.sqrt(2)); // -9.03 dBFS
        assertEquals(rms, a.loudness().rmsDbfs(), 0.01);
        assertEquals(rms, a.loudness().frameP50Dbfs(), 0.01);
        assertEquals(rms, a.loudness().speechRmsDbfs(), 0.01);
        assertEquals(20 * Math.log10(0.5), a.loudness().peakDbfs(), 0.01);
        assertEquals(SETTINGS.vadFloorDbfs(), a.vadThresholdDbfs(), "a uniform recording falls back to the floor");
    }

    @Test
    void toneBurstsGiveSegmentsWithinAFrameOfTheirTrueBoundaries() throws Exception {
        int[][] bursts = {{510, 1490}, {2307, 3001}, {4000, 4150}};
        Signals s = new Signals(16000, 6000);
        for (int[] b : bursts) {
            s.tone(b[0], b[1], 440, 0.3);
        }
        AudioAnalytics a = analyse(s.wav16());
        assertEquals(bursts.length, a.segments().size(), a.segments().toString());
        for (int i = 0; i < bursts.length; i++) {
            TalkSegment seg = a.segments().get(i);
            assertTrue(Math.abs(seg.startMs() - bursts[i][0]) < FRAME, "start " + seg + " vs " + bursts[i][0]);
            assertTrue(Math.abs(seg.endMs() - bursts[i][1]) < FRAME, "end " + seg + " vs " + bursts[i][1]);
        }
    }

    @Test
    void frameAlignedBurstsGiveExactBoundaries() throws Exception {
        Signals s = new Signals(8000, 4000).tone(1000, 2000, 300, 0.25).tone(2500, 3200, 300, 0.25);
        AudioAnalytics a = analyse(s.wav16());
        assertEquals(List.of(new TalkSegment(1000, 2000), new TalkSegment(2500, 3200)), a.segments());
        assertEquals(1700, a.speechMs());
        assertEquals(2300, a.silenceMs());
        assertEquals(0.425, a.speechRatio());
    }

    @Test
    void pausesShorterThanTheHangoverAreBridgedAndClicksDropped() throws Exception {
        Signals s = new Signals(16000, 5000)
                .tone(500, 1000, 440, 0.3).tone(1200, 1600, 440, 0.3)   // 200 ms pause: bridged
                .tone(2000, 2400, 440, 0.3).tone(2800, 3000, 440, 0.3)  // 400 ms pause: kept apart
                .tone(4000, 4040, 440, 0.3);                            // 40 ms click: dropped
        AudioAnalytics a = analyse(s.wav16());
        assertEquals(List.of(new TalkSegment(500, 1600), new TalkSegment(2000, 2400), new TalkSegment(2800, 3000)),
                a.segments());
    }

    @Test
    void theThresholdAdaptsToTheNoiseFloor() throws Exception {
        double noiseRms = Math.pow(10, -50 / 20.0);
        Signals s = new Signals(16000, 6000).noise(noiseRms, 1).speechLike(1000, 2500, 0.3, 2).speechLike(3500, 5000, 0.3, 3);
        AudioAnalytics a = analyse(s.wav16());
        assertEquals(-50, a.noiseFloorDbfs(), 1.0);
        assertEquals(a.noiseFloorDbfs() + SETTINGS.vadMarginDb(), a.vadThresholdDbfs(), 0.011);
        assertEquals(2, a.segments().size(), a.segments().toString());
        assertTrue(Math.abs(a.segments().get(0).startMs() - 1000) < FRAME);
        assertTrue(Math.abs(a.segments().get(1).endMs() - 5000) < FRAME);
        assertEquals(0.5, a.speechRatio(), 0.02);
        assertTrue(a.loudness().speechRmsDbfs() > a.loudness().rmsDbfs());
    }

    @Test
    void steadyNoiseBelowTheFloorIsNotSpeech() throws Exception {
        AudioAnalytics a = analyse(new Signals(16000, 2000).noise(Math.pow(10, -55 / 20.0), 9).wav16());
        assertEquals(List.of(), a.segments());
    }

    @Test
    void clippedSamplesAreCountedExactly() throws Exception {
        int[] codes = new int[8000];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = i % 2 == 0 ? 1000 : -1000;
        }
        for (int i = 0; i < 120; i++) {
            codes[100 + i] = 32767;
            codes[4000 + i] = -32768;
        }
        byte[] wav = WavWriter.riff(WavWriter.chunk("fmt ", WavWriter.fmt(1, 1, 8000, 16)),
                WavWriter.chunk("data", WavWriter.encode(16, codes)));
        LoudnessStats l = analyse(wav).loudness();
        assertEquals(240, l.clippedSamples());
        assertEquals(0.03, l.clippingRatio());
        assertEquals(0.0, l.peakDbfs());
    }

    @Test
    void anOverdrivenToneClips() throws Exception {
        LoudnessStats l = analyse(new Signals(16000, 1000).tone(0, 1000, 440, 1.6).wav16()).loudness();
        assertTrue(l.clippingRatio() > 0.3, "clipping ratio " + l.clippingRatio());
        assertEquals(0.0, l.peakDbfs());
    }

    @ParameterizedTest(name = "{0}-bit, {1} channel(s)")
    @CsvSource({"8, 1", "16, 1", "24, 1", "32, 1", "16, 2", "24, 2"})
    void levelsDoNotDependOnTheSampleFormat(int bits, int channels) throws Exception {
        double[] mono = new Signals(16000, 1000).tone(200, 800, 500, 0.4).samples();
        double[] samples = new double[mono.length * channels];
        for (int i = 0; i < mono.length; i++) {
            for (int c = 0; c < channels; c++) {
                samples[i * channels + c] = mono[i];
            }
        }
        AudioAnalytics a = analyse(WavWriter.pcm(16000, bits, channels, samples));
        assertEquals(List.of(new TalkSegment(200, 800)), a.segments());
        assertEquals(20 * Math.log10(0.4 / Math.sqrt(2)), a.loudness().frameMaxDbfs(), bits == 8 ? 0.1 : 0.01);
    }

    @Test
    void stereoLevelsAverageTheEnergyOfBothChannels() throws Exception {
        double[] mono = new Signals(16000, 1000).tone(0, 1000, 1000, 0.5).samples();
        double[] stereo = new double[mono.length * 2];
        for (int i = 0; i < mono.length; i++) {
            stereo[2 * i] = mono[i];
        }
        AudioAnalytics a = analyse(WavWriter.pcm(16000, 16, 2, stereo));
        assertEquals(20 * Math.log10(0.5 / Math.sqrt(2)) - 10 * Math.log10(2), a.loudness().rmsDbfs(), 0.01);
    }

    @Test
    void percentilesUseTheNearestRank() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(1, AudioAnalyzer.percentile(sorted, 10));
        assertEquals(5, AudioAnalyzer.percentile(sorted, 50));
        assertEquals(10, AudioAnalyzer.percentile(sorted, 95));
        assertEquals(7, AudioAnalyzer.percentile(new double[] {7}, 10));
    }

    @Test
    void theLastShortFrameCountsWithItsOwnLength() throws Exception {
        // 1010 ms at 8 kHz: 50 full frames and one of 10 ms, all tone.
        AudioAnalytics a = analyse(new Signals(8000, 1010).tone(0, 1010, 400, 0.3).wav16());
        assertEquals(List.of(new TalkSegment(0, 1010)), a.segments());
        assertEquals(1.0, a.speechRatio());
    }

    @Test
    void resultsAreDeterministic() throws Exception {
        byte[] wav = new Signals(16000, 5000).noise(0.001, 5).speechLike(700, 3100, 0.2, 6).wav16();
        AudioAnalytics first = analyse(wav);
        for (int i = 0; i < 3; i++) {
            assertEquals(first, analyse(wav.clone()));
        }
    }
}
