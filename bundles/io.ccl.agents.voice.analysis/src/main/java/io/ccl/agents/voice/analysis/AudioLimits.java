package io.ccl.agents.voice.analysis;

/**
 * Upper bounds on the call audio accepted. Checked before anything is decoded, against the sizes
 * the file declares and the bytes that are really there, so a hostile header claiming gigabytes
 * costs nothing.
 *
 * @param maxBytes largest accepted file, in bytes (1 KiB to 2 GiB − 1)
 * @param maxDurationMs longest accepted recording, in milliseconds (at least 1 s)
 */
public record AudioLimits(long maxBytes, long maxDurationMs) {
    /** 64 MiB and one hour: a one-hour 8 kHz 16-bit mono call is 57.6 MB. */
    public static final AudioLimits DEFAULT = new AudioLimits(64L * 1024 * 1024, 3_600_000L);

    public AudioLimits {
        if (maxBytes < 1024 || maxBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBytes must be between 1024 and 2^31-1");
        }
        if (maxDurationMs < 1000) {
            throw new IllegalArgumentException("maxDurationMs must be at least 1000");
        }
    }
}
