package io.ccl.agents.voice.analysis;

/** The sentiment summary of a speech analysis. */
final class Sentiments {
    private Sentiments() {
    }

    /** Null when neither the call nor any utterance has a sentiment. */
    static SentimentSummary summary(SpeechAnalysis speech) {
        int positive = 0;
        int neutral = 0;
        int negative = 0;
        double wPos = 0;
        double wNeu = 0;
        double wNeg = 0;
        double weights = 0;
        for (TranscriptSegment s : speech.segments()) {
            Sentiment t = s.sentiment();
            if (t == null) {
                continue;
            }
            switch (t.label()) {
                case "positive": positive++; break;
                case "negative": negative++; break;
                default: neutral++;
            }
            double w = Math.max(1, s.endMs() - s.startMs());
            wPos += w * t.positive();
            wNeu += w * t.neutral();
            wNeg += w * t.negative();
            weights += w;
        }
        Sentiment overall = speech.overall();
        if (overall == null) {
            if (weights == 0) {
                return null;
            }
            overall = new Sentiment(clamp(wPos / weights), clamp(wNeu / weights), clamp(wNeg / weights));
        }
        return new SentimentSummary(overall.label(), round(overall.positive()), round(overall.neutral()),
                round(overall.negative()), round(overall.polarity()), positive, neutral, negative);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
