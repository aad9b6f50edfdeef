package io.ccl.agents.voice.analysis.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Numbers in running text: payment cards, phone numbers and other long numbers.
 *
 * <p>The text is read as words: letters and digits, joined by single '-' or '_'. A word holding a
 * letter is an identifier ({@code SHP-2026-000123}, {@code MSCU1234567}) and is left alone, unless
 * it hides a run of {@value #LONG_RUN} or more digits, which masks the whole word as a number. A
 * number token is a sequence of all-digit words joined by short separator runs (up to 3 characters:
 * white space including line breaks, or one of {@code - / ( )} with white space around it, or a '.'
 * between digits), optionally preceded by {@code +}, {@code (} or {@code (+}. Dates
 * ({@code 21.11.2026}, {@code 2026-11-21}, {@code 01/12/26}) are set aside before and never join a
 * token. Each token is then classified:
 * <ol>
 * <li>an amount with '.' thousands separators ({@code 1.250.000}): left alone;</li>
 * <li>13 to 19 digits, first digit not 0, no {@code +}, Luhn valid: a payment card;</li>
 * <li>a phone number by {@link PhoneNumbers#recognise}: replaced by its keyed hash;</li>
 * <li>9 digits or more: a long number, masked as {@code [NUMBER]} (account numbers, cards and
 * IBAN fragments that fail their checks, phone numbers of unknown formats);</li>
 * <li>anything shorter: left alone (times, amounts, quantities, postcodes).</li>
 * </ol>
 */
final class NumberTokens {
    static final int LONG_RUN = 12;
    private static final int LONG_NUMBER = 9;
    private static final Pattern DATE = Pattern.compile("(?<![\\p{L}\\p{N}+./-])(?:"
            + "(?:0?[1-9]|[12]\\d|3[01])([./-])(?:0?[1-9]|1[0-2])\\1(?:\\d{4}|\\d{2})"
            + "|\\d{4}([./-])(?:0?[1-9]|1[0-2])\\2(?:0?[1-9]|[12]\\d|3[01]))"
            + "(?![\\p{L}\\p{N}]|[./-]\\d)");
    private static final Pattern AMOUNT = Pattern.compile("[1-9]\\d{0,2}(?:\\.\\d{3})+");

    private NumberTokens() {
    }

    /** A word: [start, end), whether it holds a letter, its longest run of ASCII digits. */
    private record Word(int end, boolean letter, int longestRun) {
    }

    static void find(String text, Spans spans, UnaryOperator<String> phoneHash) {
        // Dates are set aside first, so that "21/11/2026 12 pallet" does not become one number.
        Matcher date = DATE.matcher(text);
        while (date.find()) {
            spans.protect(date.start(), date.end());
        }
        List<Token> tokens = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            i = spans.nextFree(i);
            if (i >= n) {
                break;
            }
            if (!Character.isLetterOrDigit(text.charAt(i))) {
                i++;
                continue;
            }
            Word word = word(text, i, spans);
            if (word.letter()) {
                if (word.longestRun() >= LONG_RUN) {
                    spans.claim(i, word.end(), Category.NUMBER, Category.NUMBER.replacement());
                }
                i = word.end();
                continue;
            }
            Token token = token(text, i, word.end(), spans);
            tokens.add(token);
            i = token.end();
        }
        int t = 0;
        while (t < tokens.size()) {
            int merged = mergedPhone(text, tokens, t, spans, phoneHash);
            if (merged > 0) {
                t += merged;
            } else {
                classify(text, tokens.get(t), spans, phoneHash);
                t++;
            }
        }
    }

    /** A number token: [start, end), its digits, whether a '+' leads it. */
    private record Token(int start, int end, String digits, boolean plus) {
    }

    /** Extends an all-digit word into a number token. */
    private static Token token(String text, int first, int firstEnd, Spans spans) {
        int start = first;
        boolean plus = false;
        if (start > 0 && text.charAt(start - 1) == '+' && spans.free(start - 1)) {
            plus = true;
            start--;
        }
        if (start > 0 && text.charAt(start - 1) == '(' && spans.free(start - 1)) {
            start--;
        }
        int end = firstEnd;
        while (true) {
            int next = separatorEnd(text, end);
            if (next < 0 || !spans.free(end, next + 1) || !asciiDigit(text.charAt(next))) {
                break;
            }
            Word w = word(text, next, spans);
            if (w.letter()) {
                break;
            }
            end = w.end();
        }
        StringBuilder digits = new StringBuilder(end - start);
        for (int k = start; k < end; k++) {
            char c = text.charAt(k);
            if (asciiDigit(c)) {
                digits.append(c);
            }
        }
        return new Token(start, end, digits.toString(), plus);
    }

    /**
     * Transcribers punctuate dictated numbers ("333, 123 4567", "333. 1234567"). When two or three
     * consecutive tokens separated only by a comma, period or semicolon and spaces are, together,
     * a phone number while the first is not one alone, they are masked as that phone number.
     * Returns how many tokens after {@code t} were consumed.
     */
    private static int mergedPhone(String text, List<Token> tokens, int t, Spans spans,
            UnaryOperator<String> phoneHash) {
        Token first = tokens.get(t);
        if (PhoneNumbers.recognise(first.digits(), first.plus()) != null) {
            return 0;
        }
        String digits = first.digits();
        for (int k = t + 1; k < tokens.size() && k <= t + 2; k++) {
            Token next = tokens.get(k);
            if (next.plus() || !punctuationOnly(text, tokens.get(k - 1).end(), next.start())) {
                return 0;
            }
            digits += next.digits();
            String e164 = PhoneNumbers.recognise(digits, first.plus());
            if (e164 != null && spans.claim(first.start(), next.end(), Category.PHONE, phoneHash.apply(e164))) {
                return k - t + 1;
            }
        }
        return 0;
    }

    /** True when [from, to) is 1 to 3 characters of spaces around one ',', '.' or ';'. */
    private static boolean punctuationOnly(String text, int from, int to) {
        if (to - from < 1 || to - from > 3) {
            return false;
        }
        int marks = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == ',' || c == '.' || c == ';') {
                marks++;
            } else if (!space(c)) {
                return false;
            }
        }
        return marks == 1;
    }

    private static void classify(String text, Token t, Spans spans, UnaryOperator<String> phoneHash) {
        String token = text.substring(t.start(), t.end());
        String digits = t.digits();
        boolean plus = t.plus();
        int start = t.start();
        int end = t.end();
        if (!plus && AMOUNT.matcher(token).matches()) {
            return;
        }
        int count = digits.length();
        if (!plus && count >= 13 && count <= 19 && digits.charAt(0) != '0' && Luhn.isValid(digits)) {
            spans.claim(start, end, Category.CARD, Category.CARD.replacement());
            return;
        }
        String e164 = PhoneNumbers.recognise(digits, plus);
        if (e164 != null) {
            spans.claim(start, end, Category.PHONE, phoneHash.apply(e164));
        } else if (count >= LONG_NUMBER) {
            spans.claim(start, end, Category.NUMBER, Category.NUMBER.replacement());
        }
    }

    /** Reads a word from {@code start}: letters and digits joined by single '-' or '_'. */
    private static Word word(String text, int start, Spans spans) {
        int n = text.length();
        int i = start;
        boolean letter = false;
        int run = 0;
        int longest = 0;
        while (i < n && spans.free(i)) {
            char c = text.charAt(i);
            if (asciiDigit(c)) {
                run++;
                longest = Math.max(longest, run);
            } else if (Character.isLetterOrDigit(c)) {
                letter |= Character.isLetter(c);
                run = 0;
            } else if ((c == '-' || c == '_') && i + 1 < n && Character.isLetterOrDigit(text.charAt(i + 1))
                    && spans.free(i + 1)) {
                run = 0;
            } else {
                break;
            }
            i++;
        }
        return new Word(i, letter, longest);
    }

    /**
     * The index after a separator run starting at {@code at}, or -1: 1 to 3 characters that are
     * spaces, or spaces around one of - / ( ) ")(", or a single '.' with no space (". " ends a
     * sentence, it does not join digits).
     */
    private static int separatorEnd(String text, int at) {
        int n = text.length();
        int i = at;
        while (i < n && i - at < 3 && space(text.charAt(i))) {
            i++;
        }
        boolean spaced = i > at;
        if (i < n && i - at < 3) {
            char c = text.charAt(i);
            if (c == '.' && !spaced) {
                return i + 1 < n && asciiDigit(text.charAt(i + 1)) ? i + 1 : -1;
            }
            if (c == '-' || c == '/' || c == '(' || c == ')') {
                i++;
                if (c == ')' && i < n && text.charAt(i) == '(' && i - at < 3) {
                    i++;
                }
                while (i < n && i - at < 3 && space(text.charAt(i))) {
                    i++;
                }
            }
        }
        return i > at && i < n ? i : -1;
    }

    /** Any white space, line breaks and no-break spaces included. */
    static boolean space(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static boolean asciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
