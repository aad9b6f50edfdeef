package io.ccl.agents.voice.analysis;

import java.util.Objects;

/**
 * The call audio is not a WAV PCM recording this library accepts. The {@link Reason} is the
 * contract; the message says what was found, for humans, and never contains audio or personal data.
 */
public final class AudioFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the audio was refused. */
    public enum Reason {
        /** Not a RIFF/WAVE file (wrong magic, RF64, another RIFF form type). */
        NOT_WAV,
        /** A WAVE file whose encoding is not accepted: compressed or float formats, unsupported
         * bit depth, channel count or sample rate. */
        UNSUPPORTED_FORMAT,
        /** The header is inconsistent: missing or repeated {@code fmt }/{@code data} chunk, a
         * {@code fmt } chunk too short for its format, block alignment that does not match the
         * sample size, data not a whole number of sample frames. */
        MALFORMED,
        /** The file ends before a chunk it announces. */
        TRUNCATED,
        /** More bytes or a longer duration than the configured {@link AudioLimits}. */
        TOO_LARGE,
        /** A valid file without a single sample frame. */
        EMPTY
    }

    private final Reason reason;

    public AudioFormatException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
