package io.ccl.agents.voice.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Sentiment as three scores in [0, 1]. Providers with richer outputs (emotions, prosody) map them
 * onto these three; the scores need not sum to 1.
 *
 * @param positive positive sentiment
 * @param neutral neutral sentiment
 * @param negative negative sentiment
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Sentiment(double positive, double neutral, double negative) {
    /** Entirely neutral. */
    public static final Sentiment NEUTRAL = new Sentiment(0, 1, 0);

    public Sentiment {
        if (!(score(positive) && score(neutral) && score(negative))) {
            throw new IllegalArgumentException("sentiment scores must lie in [0, 1]");
        }
    }

    /** The strongest of the three: {@code positive}, {@code neutral} or {@code negative} (ties: neutral). */
    public String label() {
        if (positive > neutral && positive > negative) {
            return "positive";
        }
        if (negative > neutral && negative > positive) {
            return "negative";
        }
        return "neutral";
    }

    /** {@code positive - negative}, in [-1, 1]. */
    public double polarity() {
        return positive - negative;
    }

    private static boolean score(double v) {
        return v >= 0 && v <= 1;
    }
}
