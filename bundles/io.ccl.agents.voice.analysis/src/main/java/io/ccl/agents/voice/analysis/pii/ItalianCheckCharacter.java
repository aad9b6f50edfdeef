package io.ccl.agents.voice.analysis.pii;

/**
 * The check character shared by the codice fiscale (D.M. 23 December 1976, Ministero delle
 * Finanze, "Sistemi di codificazione dei soggetti da iscrivere nell'anagrafe tributaria") and the
 * CIN of an Italian BBAN: characters at odd positions (counting from 1) map through a table,
 * characters at even positions to their index (digits 0-9 and letters A-Z share indexes 0-9), the
 * sum modulo 26 is the letter.
 */
final class ItalianCheckCharacter {
    /** Value of an odd-position character by index (0-9 = digit or A-J, 10-25 = K-Z). */
    private static final int[] ODD = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10,
        22, 25, 24, 23};

    private ItalianCheckCharacter() {
    }

    /** The check letter of {@code chars[from..to)}, upper-case ASCII letters and digits only. */
    static char compute(CharSequence chars, int from, int to) {
        int sum = 0;
        for (int i = from; i < to; i++) {
            char c = chars.charAt(i);
            int index = c >= '0' && c <= '9' ? c - '0' : c - 'A';
            boolean oddPosition = (i - from) % 2 == 0;
            sum += oddPosition ? ODD[index] : index;
        }
        return (char) ('A' + sum % 26);
    }
}
