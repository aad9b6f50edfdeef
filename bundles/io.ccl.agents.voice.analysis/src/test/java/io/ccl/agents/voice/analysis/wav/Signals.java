package io.ccl.agents.voice.analysis.wav;

import java.util.Random;

/** Test signals: sample arrays in [-1, 1] built from silence, sine bursts and seeded noise. */
public final class Signals {
    private final int rate;
    private final double[] samples;

    public Signals(int rate, int durationMs) {
        this.rate = rate;
        this.samples = new double[(int) ((long) rate * durationMs / 1000)];
    }

    /** Adds a sine of {@code amplitude} and {@code hz} from {@code startMs} to {@code endMs}, phase 0 at the start. */
    public Signals tone(int startMs, int endMs, double hz, double amplitude) {
        int from = index(startMs);
        int to = index(endMs);
        for (int i = from; i < to; i++) {
            samples[i] += amplitude * Math.sin(2 * Math.PI * hz * (i - from) / rate);
        }
        return this;
    }

    /** Adds uniform white noise of the given RMS over the whole signal, from a fixed seed. */
    public Signals noise(double rms, long seed) {
        Random random = new Random(seed);
        double a = rms * Math.sqrt(3);
        for (int i = 0; i < samples.length; i++) {
            samples[i] += a * (2 * random.nextDouble() - 1);
        }
        return this;
    }

    /** Adds a speech-like burst: noise modulated at a syllable rate (4 Hz) over a 200 Hz tone. */
    public Signals speechLike(int startMs, int endMs, double amplitude, long seed) {
        Random random = new Random(seed);
        int from = index(startMs);
        int to = index(endMs);
        for (int i = from; i < to; i++) {
            double t = (double) (i - from) / rate;
            double envelope = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t);
            double voice = Math.sin(2 * Math.PI * 200 * t) + 0.5 * Math.sin(2 * Math.PI * 400 * t);
            samples[i] += amplitude * envelope * (0.7 * voice + 0.3 * (2 * random.nextDouble() - 1));
        }
        return this;
    }

    public double[] samples() {
        return samples.clone();
    }

    public byte[] wav16() {
        return WavWriter.pcm16(rate, samples);
    }

    private int index(int ms) {
        return (int) ((long) rate * ms / 1000);
    }
}
