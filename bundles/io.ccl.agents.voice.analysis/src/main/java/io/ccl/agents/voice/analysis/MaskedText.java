package io.ccl.agents.voice.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A text after masking.
 *
 * @param text the masked text
 * @param counts what was masked in it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MaskedText(String text, PiiCounts counts) {
}
