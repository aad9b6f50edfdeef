package io.ccl.agents.voice.analysis.pii;

import java.util.regex.Pattern;

/**
 * Recognises phone numbers from their digits and brings them to one E.164 form ({@code +} country
 * code and national number, digits only), so that every way of writing a number gives the same
 * hash.
 *
 * <ul>
 * <li>International: {@code +} or {@code 00}, then 8 to 15 digits (ITU-T E.164 §6: at most 15
 * digits) not starting with 0.</li>
 * <li>Italian without a prefix (Piano di numerazione nazionale, AGCOM): mobile {@code 3} + 8 or 9
 * digits; geographic {@code 0} + a non-zero digit, 6 to 11 digits in all; both get {@code +39}.
 * {@code 39} followed by such a number (the {@code +} dropped) is read as Italian too.</li>
 * </ul>
 * Other national formats without a country code are not phone numbers to this class; the masker
 * hides them as long numbers.
 */
public final class PhoneNumbers {
    private static final Pattern ITALIAN_NATIONAL = Pattern.compile("3\\d{8,9}|0[1-9]\\d{4,9}");
    private static final Pattern ITALIAN_WITH_39 = Pattern.compile("39(?:3\\d{8,9}|0[1-9]\\d{4,9})");

    private PhoneNumbers() {
    }

    /**
     * The E.164 form of a number written in running text, or null when its digits are not a phone
     * number.
     *
     * @param digits the digits only
     * @param international whether a {@code +} preceded them (a {@code 00} prefix is still in
     *        {@code digits})
     */
    static String recognise(String digits, boolean international) {
        String rest = digits;
        boolean intl = international;
        if (!intl && rest.startsWith("00")) {
            intl = true;
            rest = rest.substring(2);
        }
        if (intl) {
            return rest.length() >= 8 && rest.length() <= 15 && rest.charAt(0) != '0' ? "+" + rest : null;
        }
        if (ITALIAN_NATIONAL.matcher(rest).matches()) {
            return "+39" + rest;
        }
        if (ITALIAN_WITH_39.matcher(rest).matches()) {
            return "+" + rest;
        }
        return null;
    }

    /**
     * Normalises a number given as a phone number (call metadata): separators dropped, {@code 00}
     * read as {@code +}, Italian national numbers given {@code +39}. A number of another country
     * written without its country code stays as its digits.
     *
     * @throws IllegalArgumentException when it holds characters other than digits, a leading
     *         {@code +}, spaces, dots, dashes, slashes and parentheses, or not 3 to 15 digits (the
     *         message never contains the number)
     */
    public static String normalise(String number) {
        StringBuilder digits = new StringBuilder();
        boolean plus = false;
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == '+' && digits.length() == 0 && !plus) {
                plus = true;
            } else if (" .-/()\u00A0".indexOf(c) < 0) {
                throw new IllegalArgumentException("a phone number may only hold digits, '+' and separators");
            }
        }
        String d = digits.toString();
        if (!plus && d.startsWith("00")) {
            plus = true;
            d = d.substring(2);
        }
        if (d.length() < 3 || d.length() > 15) {
            throw new IllegalArgumentException("a phone number needs 3 to 15 digits");
        }
        if (plus) {
            return "+" + d;
        }
        String recognised = recognise(d, false);
        return recognised != null ? recognised : d;
    }
}
