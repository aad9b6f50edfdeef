package io.ccl.agents.voice.analysis.pii;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * E-mail addresses: written ({@code local@domain.tld}, RFC 5322 addr-spec without quoted local
 * parts or address literals) and spoken the way transcripts render them
 * ({@code mario punto rossi chiocciola gmail punto com}, {@code john dot doe at acme dot com}).
 */
final class Emails {
    private static final String WORD = "[\\p{L}\\p{N}_.-]{1,64}+";
    private static final String DOT = "\\s++(?:punto|dot)\\s++";
    /** Spoken form: at least one "dot" in the domain keeps "meet at home" from matching. */
    private static final Pattern SPOKEN = Pattern.compile(
            "(?<![\\p{L}\\p{N}])" + WORD + "(?:" + DOT + WORD + "){0,4}+\\s++(?:chiocciola|at)\\s++" + WORD + "(?:" + DOT
                    + "[\\p{L}\\p{N}-]{1,63}+){1,4}+(?![\\p{L}\\p{N}])",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private Emails() {
    }

    static void find(String text, Spans spans) {
        written(text, spans);
        Matcher m = SPOKEN.matcher(text);
        while (m.find()) {
            spans.claim(m.start(), m.end(), Category.EMAIL, Category.EMAIL.replacement());
        }
    }

    /**
     * Around each '@': the local part to the left, the domain to the right. Each character is
     * looked at by at most the '@' before and the '@' after it, so the scan is linear.
     */
    private static void written(String text, Spans spans) {
        int n = text.length();
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
            int start = at;
            while (start > 0 && localChar(text.charAt(start - 1))) {
                start--;
            }
            while (start < at && text.charAt(start) == '.') {
                start++;
            }
            if (start == at) {
                continue;
            }
            int end = at + 1;
            while (end < n && domainChar(text.charAt(end))) {
                end++;
            }
            while (end > at + 1 && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
                end--;
            }
            if (validDomain(text, at + 1, end)) {
                spans.claim(start, end, Category.EMAIL, Category.EMAIL.replacement());
            }
        }
    }

    private static boolean localChar(char c) {
        return Character.isLetterOrDigit(c) || ".!#$%&'*+/=?^_`{|}~-".indexOf(c) >= 0;
    }

    private static boolean domainChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '-';
    }

    /** Two or more labels of 1-63 characters, no label starting or ending with '-', a letter TLD. */
    private static boolean validDomain(String text, int from, int to) {
        if (to - from < 3 || to - from > 253) {
            return false;
        }
        int labels = 0;
        int labelStart = from;
        for (int i = from; i <= to; i++) {
            if (i == to || text.charAt(i) == '.') {
                int len = i - labelStart;
                if (len < 1 || len > 63 || text.charAt(labelStart) == '-' || text.charAt(i - 1) == '-') {
                    return false;
                }
                labels++;
                if (i == to) {
                    for (int k = labelStart; k < to; k++) {
                        if (!Character.isLetter(text.charAt(k))) {
                            return false;
                        }
                    }
                    return labels >= 2 && len >= 2;
                }
                labelStart = i + 1;
            }
        }
        return false;
    }
}
