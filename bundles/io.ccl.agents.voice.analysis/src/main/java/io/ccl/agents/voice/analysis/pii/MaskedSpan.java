package io.ccl.agents.voice.analysis.pii;

/**
 * A replaced span of the original text.
 *
 * @param start first character, inclusive
 * @param end last character, exclusive
 * @param category what it was
 * @param replacement what replaces it
 */
public record MaskedSpan(int start, int end, Category category, String replacement) {
    /** Never the original text: it is not kept. */
    @Override
    public String toString() {
        return "MaskedSpan[" + start + "-" + end + " " + category + "]";
    }
}
