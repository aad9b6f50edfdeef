package io.ccl.agents.voice.analysis;

import java.util.Objects;

/**
 * A speech-analytics provider failed or answered something unusable. The {@link Reason} is the
 * contract; the message never contains audio, transcript text or credentials.
 */
public final class SpeechAnalyticsException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why no speech analysis is available. */
    public enum Reason {
        /** The provider cannot be reached or failed (network, HTTP 5xx, timeout). */
        UNAVAILABLE,
        /** The provider refused the request (authentication, quota, unsupported language or audio). */
        REJECTED,
        /** The provider's answer broke the contract (bad JSON, segments outside the recording,
         * scores out of range, too much text). */
        MALFORMED_RESPONSE
    }

    private final Reason reason;

    public SpeechAnalyticsException(Reason reason, String message) {
        this(reason, message, null);
    }

    public SpeechAnalyticsException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
