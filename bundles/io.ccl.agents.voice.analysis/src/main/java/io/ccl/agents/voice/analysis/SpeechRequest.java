package io.ccl.agents.voice.analysis;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * What a speech-analytics provider gets for one call.
 *
 * @param wav the validated WAV file, read-only (a provider that uploads it sends these bytes)
 * @param analytics the in-process audio analytics (format, duration, talk segments)
 * @param language the call's language, a BCP 47 tag such as {@code it} or {@code en-GB}
 */
public record SpeechRequest(ByteBuffer wav, AudioAnalytics analytics, String language) {
    public SpeechRequest {
        wav = wav.asReadOnlyBuffer();
        Objects.requireNonNull(analytics, "analytics");
        Objects.requireNonNull(language, "language");
    }

    /** A fresh read-only view on the file, positioned at its start. */
    @Override
    public ByteBuffer wav() {
        return wav.duplicate().rewind();
    }

    @Override
    public String toString() {
        return "SpeechRequest[" + wav.remaining() + " bytes, " + analytics.durationMs() + " ms, " + language + "]";
    }
}
