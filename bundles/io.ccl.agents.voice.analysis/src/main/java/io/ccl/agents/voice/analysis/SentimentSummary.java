package io.ccl.agents.voice.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Sentiment of the call: the provider's overall scores, or else the mean of the utterance scores
 * weighted by utterance length. Scores rounded to 10⁻⁴.
 *
 * @param label {@code positive}, {@code neutral} or {@code negative}
 * @param positive positive score
 * @param neutral neutral score
 * @param negative negative score
 * @param polarity {@code positive - negative}
 * @param positiveSegments utterances whose own label is positive
 * @param neutralSegments utterances whose own label is neutral
 * @param negativeSegments utterances whose own label is negative
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SentimentSummary(String label, double positive, double neutral, double negative, double polarity,
        int positiveSegments, int neutralSegments, int negativeSegments) {
}
