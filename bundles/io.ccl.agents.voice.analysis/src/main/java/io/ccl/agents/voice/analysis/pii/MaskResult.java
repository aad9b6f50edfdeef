package io.ccl.agents.voice.analysis.pii;

import java.util.List;
import java.util.Map;

/**
 * A masked text, how many spans of each category were replaced, and where they were.
 *
 * @param text the text with every detected value replaced
 * @param counts replaced spans per category (categories without any are absent)
 * @param spans the replaced spans in the original text, in order
 */
public record MaskResult(String text, Map<Category, Integer> counts, List<MaskedSpan> spans) {
    public MaskResult {
        counts = Map.copyOf(counts);
        spans = List.copyOf(spans);
    }

    public int count(Category category) {
        return counts.getOrDefault(category, 0);
    }
}
