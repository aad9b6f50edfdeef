package io.ccl.agents.voice.analysis.wav;

import io.ccl.agents.voice.analysis.PcmFormat;

/**
 * The sample frames of a validated WAV file: a view on the caller's byte array, never a copy, so
 * decoding costs no memory beyond the file itself.
 *
 * <p>Sample codes are the integers stored in the file, centred on zero: 8-bit samples are unsigned
 * with 128 as silence (RIFF 1.0, ch. 3 "Data Format of the Samples"), wider ones signed two's
 * complement little-endian.
 */
public final class PcmAudio {
    private final PcmFormat format;
    private final byte[] bytes;
    private final int dataOffset;
    private final int frames;
    private final int bytesPerSample;

    PcmAudio(PcmFormat format, byte[] bytes, int dataOffset, int frames) {
        this.format = format;
        this.bytes = bytes;
        this.dataOffset = dataOffset;
        this.frames = frames;
        this.bytesPerSample = format.bitsPerSample() / 8;
    }

    public PcmFormat format() {
        return format;
    }

    /** Number of sample frames (one sample per channel each). */
    public int frames() {
        return frames;
    }

    /** Total samples over all channels. */
    public long samples() {
        return (long) frames * format.channels();
    }

    /** Duration in milliseconds, rounded down. */
    public long durationMs() {
        return frames * 1000L / format.sampleRate();
    }

    /** Full scale of a sample code: 2^(bits-1). A code divided by this lies in [-1, 1). */
    public double fullScale() {
        return (double) (1L << (format.bitsPerSample() - 1));
    }

    /** Smallest sample code (negative full scale). */
    public int minCode() {
        return (int) -(1L << (format.bitsPerSample() - 1));
    }

    /** Largest sample code (positive full scale minus one step). */
    public int maxCode() {
        return (int) ((1L << (format.bitsPerSample() - 1)) - 1);
    }

    /**
     * The code of sample {@code index}, counted over interleaved channels
     * ({@code frame * channels + channel}).
     */
    public int code(long index) {
        int p = dataOffset + (int) (index * bytesPerSample);
        switch (bytesPerSample) {
            case 1:
                return (bytes[p] & 0xff) - 128;
            case 2:
                return (short) ((bytes[p] & 0xff) | (bytes[p + 1] << 8));
            case 3:
                return (bytes[p] & 0xff) | ((bytes[p + 1] & 0xff) << 8) | (bytes[p + 2] << 16);
            default:
                return (bytes[p] & 0xff) | ((bytes[p + 1] & 0xff) << 8) | ((bytes[p + 2] & 0xff) << 16)
                        | (bytes[p + 3] << 24);
        }
    }

    @Override
    public String toString() {
        return "PcmAudio[" + format + ", frames=" + frames + "]";
    }
}
