package io.ccl.agents.voice.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The start of the masked transcript.
 *
 * @param provider the speech-analytics provider's id
 * @param synthetic true when the transcript is placeholders, not a transcription
 * @param segments number of utterances
 * @param preview the masked transcript, one {@code speaker: text} line per utterance, cut to at
 *        most {@value CallAnalyzer#PREVIEW_CHARS} characters
 * @param truncated whether it was cut
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TranscriptPreview(String provider, boolean synthetic, int segments, String preview, boolean truncated) {
}
