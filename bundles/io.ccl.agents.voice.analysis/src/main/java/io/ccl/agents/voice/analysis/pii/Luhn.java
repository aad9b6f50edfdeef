package io.ccl.agents.voice.analysis.pii;

/** The Luhn check digit of payment card numbers (ISO/IEC 7812-1, Annex B). */
final class Luhn {
    private Luhn() {
    }

    /** True when the digit string, check digit last, passes the Luhn check. */
    static boolean isValid(CharSequence digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
