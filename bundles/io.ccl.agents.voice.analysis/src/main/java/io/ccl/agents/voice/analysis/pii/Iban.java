package io.ccl.agents.voice.analysis.pii;

/**
 * IBANs (ISO 13616-1): country code, two check digits, a BBAN of the registered length; valid when
 * the number rearranged (first four characters moved to the end, letters as 10..35) is 1 modulo 97
 * (ISO 7064 MOD 97-10). Italian and San Marino BBANs must also have the CIN letter right
 * (CIN + ABI 5 digits + CAB 5 digits + account 12 characters).
 *
 * <p>Found in electronic form ({@code IT60X0542811101000000123456}) or printed form with single
 * spaces or dashes ({@code IT60 X054 2811 1010 0000 0123 456}), in any letter case.
 */
final class Iban {
    private Iban() {
    }

    static void find(String text, Spans spans) {
        int n = text.length();
        for (int i = 0; i + 4 <= n; i++) {
            if (!(asciiLetter(text.charAt(i)) && asciiLetter(text.charAt(i + 1)) && digit(text.charAt(i + 2))
                    && digit(text.charAt(i + 3))) || i > 0 && Character.isLetterOrDigit(text.charAt(i - 1))) {
                continue;
            }
            String country = ("" + text.charAt(i) + text.charAt(i + 1)).toUpperCase(java.util.Locale.ROOT);
            int length = IbanRegistry.length(country);
            if (length == 0) {
                continue;
            }
            StringBuilder iban = new StringBuilder(length);
            int j = i;
            while (iban.length() < length && j < n) {
                char c = text.charAt(j);
                if (asciiLetter(c) || digit(c)) {
                    iban.append(Character.toUpperCase(c));
                    j++;
                } else if (separator(c) && j + 1 < n && asciiLetterOrDigit(text.charAt(j + 1))) {
                    j++;
                } else {
                    break;
                }
            }
            if (iban.length() == length && (j == n || !Character.isLetterOrDigit(text.charAt(j)))
                    && isValid(iban.toString())) {
                if (spans.claim(i, j, Category.IBAN, Category.IBAN.replacement())) {
                    i = j - 1;
                }
            }
        }
    }

    /** True for an IBAN in electronic form (upper case, no spaces) that passes every check. */
    static boolean isValid(String iban) {
        int length = iban.length() < 2 ? 0 : IbanRegistry.length(iban.substring(0, 2));
        if (length == 0 || iban.length() != length || !digit(iban.charAt(2)) || !digit(iban.charAt(3))) {
            return false;
        }
        for (int i = 4; i < length; i++) {
            char c = iban.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || digit(c))) {
                return false;
            }
        }
        if (mod97(iban) != 1) {
            return false;
        }
        String country = iban.substring(0, 2);
        return !(country.equals("IT") || country.equals("SM")) || italianBban(iban.substring(4));
    }

    /** ISO 7064 MOD 97-10 over the rearranged IBAN, computed digit by digit. */
    private static int mod97(String iban) {
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        int r = 0;
        for (int i = 0; i < rearranged.length(); i++) {
            char c = rearranged.charAt(i);
            r = digit(c) ? (r * 10 + (c - '0')) % 97 : (r * 100 + (c - 'A' + 10)) % 97;
        }
        return r;
    }

    /** CIN letter, ABI and CAB digits, 12 account characters, and the CIN check. */
    private static boolean italianBban(String bban) {
        if (bban.length() != 23 || !(bban.charAt(0) >= 'A' && bban.charAt(0) <= 'Z')) {
            return false;
        }
        for (int i = 1; i <= 10; i++) {
            if (!digit(bban.charAt(i))) {
                return false;
            }
        }
        return ItalianCheckCharacter.compute(bban, 1, 23) == bban.charAt(0);
    }

    /** A single separator inside a printed IBAN: a dash or a space on the same line. */
    private static boolean separator(char c) {
        return c == '-' || NumberTokens.space(c) && c != '\n' && c != '\r';
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean asciiLetter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    private static boolean asciiLetterOrDigit(char c) {
        return asciiLetter(c) || digit(c);
    }
}
