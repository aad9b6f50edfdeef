package io.ccl.agents.voice.analysis;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Transcription and sentiment for a call: an outside speech-analytics service reached through the
 * agent's egress allowlist, or {@link OfflineSpeechAnalyticsProvider} for development.
 *
 * <p>Contract: segments lie within the recording and are in time order, scores lie in [0, 1]. The
 * {@link CallAnalyzer} checks this and turns a violation into
 * {@link SpeechAnalyticsException.Reason#MALFORMED_RESPONSE}. A provider must not log the audio or
 * the transcript, and its exception messages must not contain them.
 */
@ConsumerType
public interface SpeechAnalyticsProvider {
    /** A short stable id, such as {@code offline} or {@code hume}; shown in results. */
    String id();

    /**
     * Transcribes the call and scores its sentiment.
     *
     * @throws SpeechAnalyticsException when the provider cannot deliver an analysis
     */
    SpeechAnalysis analyse(SpeechRequest request) throws SpeechAnalyticsException;
}
