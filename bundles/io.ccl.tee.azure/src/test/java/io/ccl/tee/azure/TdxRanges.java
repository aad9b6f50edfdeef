package io.ccl.tee.azure;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Character ranges of Azure TDX evidence JSON outside the HCL report's TDREPORT bytes [0x20, 0x420). */
final class TdxRanges {
    private static final int FROM = 0x20;
    private static final int TO = 0x20 + 1024;

    private TdxRanges() {
    }

    static List<int[]> outsideTdReport(byte[] json) {
        String s = new String(json, StandardCharsets.ISO_8859_1);
        int key = s.indexOf("\"hcl_report\"");
        int open = key + "\"hcl_report\"".length();
        while (s.charAt(open) != '[' && s.charAt(open) != '"') {
            open++;
        }
        int start;
        int end;
        if (s.charAt(open) == '"') {
            // base64url: 4 characters per 3 bytes; widen to whole groups
            start = open + 1 + 4 * (FROM / 3);
            end = open + 1 + 4 * ((TO + 2) / 3);
        } else {
            start = element(s, open, FROM);
            end = element(s, open, TO);
        }
        return List.of(new int[] {0, start}, new int[] {end, json.length});
    }

    /** Position of the first character of element {@code index} of the JSON number list opening at {@code open}. */
    private static int element(String s, int open, int index) {
        int i = open + 1;
        for (int n = 0; n < index; i++) {
            if (s.charAt(i) == ',') {
                n++;
            }
        }
        while (s.charAt(i) == ' ' || s.charAt(i) == '\n') {
            i++;
        }
        return i;
    }
}
