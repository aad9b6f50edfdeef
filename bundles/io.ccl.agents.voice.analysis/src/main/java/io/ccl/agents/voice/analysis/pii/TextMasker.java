package io.ccl.agents.voice.analysis.pii;

import java.util.function.UnaryOperator;

/**
 * Runs the detectors over a text in a fixed order — e-mail addresses, IBANs, codici fiscali,
 * numbers (cards, phone numbers, long numbers), names — each claiming characters no earlier one
 * claimed, then replaces every claimed span. Every detector is linear in the text length.
 */
public final class TextMasker {
    /** Longest text accepted in one call. */
    public static final int MAX_CHARS = 1_000_000;

    private final UnaryOperator<String> phoneHash;

    /** @param phoneHash turns an E.164 number into its replacement text */
    public TextMasker(UnaryOperator<String> phoneHash) {
        this.phoneHash = phoneHash;
    }

    /**
     * Masks a text.
     *
     * @throws IllegalArgumentException when the text is longer than {@value #MAX_CHARS} characters
     */
    public MaskResult mask(String text, Names names) {
        if (text.length() > MAX_CHARS) {
            throw new IllegalArgumentException("text of " + text.length() + " characters exceeds " + MAX_CHARS);
        }
        Spans spans = new Spans(text.length());
        Emails.find(text, spans);
        Iban.find(text, spans);
        CodiceFiscale.find(text, spans);
        NumberTokens.find(text, spans, phoneHash);
        names.find(text, spans);
        return spans.apply(text);
    }
}
