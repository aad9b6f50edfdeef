package io.ccl.agents.voice.analysis.pii;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Italian codice fiscale of a natural person (D.P.R. 605/1973; layout and check character in
 * D.M. 23 December 1976; omocodia as applied by the Agenzia delle Entrate): 6 letters (surname, name), 2 year
 * digits, a month letter, 2 day digits (+40 for women), 4 birthplace characters (letter + 3 digits),
 * a check letter. In omocodic codes the digits at positions 7, 8, 10, 11, 13, 14 and 15 may be
 * replaced by L M N P Q R S T U V (= 0 to 9).
 */
final class CodiceFiscale {
    private static final String OMOCODIA = "LMNPQRSTUV";
    private static final String D = "[0-9LMNPQRSTUVlmnpqrstuv]";
    private static final Pattern CANDIDATE = Pattern.compile("(?<![\\p{L}\\p{N}])[A-Za-z]{6}" + D + "{2}"
            + "[ABCDEHLMPRSTabcdehlmprst]" + D + "{2}[A-Za-z]" + D + "{3}[A-Za-z](?![\\p{L}\\p{N}])");

    private CodiceFiscale() {
    }

    static void find(String text, Spans spans) {
        Matcher m = CANDIDATE.matcher(text);
        while (m.find()) {
            if (isValid(m.group())) {
                spans.claim(m.start(), m.end(), Category.CODICE_FISCALE, Category.CODICE_FISCALE.replacement());
            }
        }
    }

    /** True for a 16-character code with a plausible birth day and the right check letter. */
    static boolean isValid(String code) {
        if (code.length() != 16) {
            return false;
        }
        String c = code.toUpperCase(Locale.ROOT);
        for (int i = 0; i < 16; i++) {
            char ch = c.charAt(i);
            if (!(ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9')) {
                return false;
            }
        }
        int day = digit(c.charAt(9)) * 10 + digit(c.charAt(10));
        if (day < 1 || day > 31 && day < 41 || day > 71) {
            return false;
        }
        return ItalianCheckCharacter.compute(c, 0, 15) == c.charAt(15);
    }

    /** A digit, or an omocodia letter standing for one; -1 otherwise. */
    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int i = OMOCODIA.indexOf(c);
        return i >= 0 ? i : -100;
    }
}
