package io.ccl.agents.voice.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A speech-analytics provider for development and tests that needs no network and <b>does not
 * transcribe</b>: one placeholder segment per talk segment of the audio analytics, with the text
 * {@code [speech 3.2s]}, speaker {@code unknown} and neutral sentiment. Deterministic. Its results
 * are marked {@link SpeechAnalysis#synthetic() synthetic}.
 */
public final class OfflineSpeechAnalyticsProvider implements SpeechAnalyticsProvider {
    /** The provider id. */
    public static final String ID = "offline";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public SpeechAnalysis analyse(SpeechRequest request) {
        List<TranscriptSegment> segments = new ArrayList<>();
        for (TalkSegment t : request.analytics().segments()) {
            String text = String.format(Locale.ROOT, "[speech %.1fs]", t.lengthMs() / 1000.0);
            segments.add(new TranscriptSegment("unknown", t.startMs(), t.endMs(), text, Sentiment.NEUTRAL));
        }
        return new SpeechAnalysis(ID, true, segments, segments.isEmpty() ? null : Sentiment.NEUTRAL);
    }
}
