package io.ccl.agents.voice.analysis.pii;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds valid test identifiers by computing their check digits here, independently of the code
 * under test (BigInteger for MOD 97, the Agenzia delle Entrate tables written out as a map).
 */
public final class PiiSamples {
    /** Values of characters at odd positions (1st, 3rd, ...), as printed in the official table. */
    private static final Map<Character, Integer> ODD = new HashMap<>();

    static {
        String[] rows = {"0A1", "1B0", "2C5", "3D7", "4E9", "5F13", "6G15", "7H17", "8I19", "9J21"};
        for (String r : rows) {
            int v = Integer.parseInt(r.substring(2));
            ODD.put(r.charAt(0), v);
            ODD.put(r.charAt(1), v);
        }
        String letters = "K2 L4 M18 N20 O11 P3 Q6 R8 S12 T14 U16 V10 W22 X25 Y24 Z23";
        for (String r : letters.split(" ")) {
            ODD.put(r.charAt(0), Integer.parseInt(r.substring(1)));
        }
    }

    private PiiSamples() {
    }

    /** The 15 characters followed by their check letter. */
    public static String codiceFiscale(String first15) {
        return first15 + checkLetter(first15);
    }

    /** A complete IBAN for a country and BBAN: check digits = 98 - (BBAN + country + "00" mod 97). */
    public static String iban(String country, String bban) {
        BigInteger n = new BigInteger(numeric(bban + country + "00"));
        int check = 98 - n.mod(BigInteger.valueOf(97)).intValue();
        return country + String.format("%02d", check) + bban;
    }

    /** An Italian IBAN: CIN computed over ABI + CAB + account, then the IBAN check digits. */
    public static String italianIban(String abi, String cab, String account) {
        String rest = abi + cab + account;
        return iban("IT", checkLetter(rest) + rest);
    }

    /** The digits followed by their Luhn check digit. */
    public static String luhn(String partial) {
        for (int d = 0; d <= 9; d++) {
            String candidate = partial + d;
            int sum = 0;
            for (int i = 0; i < candidate.length(); i++) {
                int v = candidate.charAt(candidate.length() - 1 - i) - '0';
                sum += i % 2 == 1 ? (v * 2) / 10 + (v * 2) % 10 : v;
            }
            if (sum % 10 == 0) {
                return candidate;
            }
        }
        throw new AssertionError();
    }

    /** The same value with its last check character changed to another valid-looking one. */
    public static String breakLastDigit(String value) {
        char last = value.charAt(value.length() - 1);
        char other = Character.isDigit(last) ? (char) ('0' + (last - '0' + 1) % 10) : (last == 'Z' ? 'A' : (char) (last + 1));
        return value.substring(0, value.length() - 1) + other;
    }

    /** ISO 13616 print format: groups of four separated by spaces. */
    public static String grouped(String value, String separator) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < value.length(); i += 4) {
            if (i > 0) {
                s.append(separator);
            }
            s.append(value, i, Math.min(value.length(), i + 4));
        }
        return s.toString();
    }

    private static char checkLetter(String s) {
        int sum = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (i % 2 == 0) {
                sum += ODD.get(c);
            } else {
                sum += Character.isDigit(c) ? c - '0' : c - 'A';
            }
        }
        return (char) ('A' + sum % 26);
    }

    private static String numeric(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return b.toString();
    }
}
