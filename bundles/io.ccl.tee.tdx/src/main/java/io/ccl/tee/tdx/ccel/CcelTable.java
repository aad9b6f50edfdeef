package io.ccl.tee.tdx.ccel;

import io.ccl.attestation.api.MalformedEvidenceException;
import java.nio.charset.StandardCharsets;

/**
 * The ACPI CC Event Log table (ACPI 6.5, section 5.2.34 "CC Event Log ACPI Table", signature {@code CCEL}):
 * a 36-byte ACPI header, CC type and subtype, then the log area minimum length (LAML) and start address (LASA).
 *
 * @param ccType 2 = Intel TDX
 * @param logAreaLength LAML, the size of the event log area
 * @param logAreaAddress LASA, its guest-physical address
 */
public record CcelTable(int ccType, int ccSubtype, long logAreaLength, long logAreaAddress) {
    static final int SIZE = 56;

    /** True when the bytes start with the CCEL signature and the declared length. */
    public static boolean looksLike(byte[] b) {
        return b.length >= SIZE && new String(b, 0, 4, StandardCharsets.US_ASCII).equals("CCEL")
                && u32(b, 4) == b.length;
    }

    /**
     * @throws MalformedEvidenceException when the table is too short or its ACPI checksum is wrong
     */
    public static CcelTable parse(byte[] b) throws MalformedEvidenceException {
        if (!looksLike(b)) {
            throw new MalformedEvidenceException("not an ACPI CCEL table");
        }
        int sum = 0;
        for (byte x : b) {
            sum += x & 0xFF;
        }
        if ((sum & 0xFF) != 0) {
            throw new MalformedEvidenceException("ACPI CCEL table checksum does not add up to zero");
        }
        return new CcelTable(b[36] & 0xFF, b[37] & 0xFF, u64(b, 40), u64(b, 48));
    }

    static long u32(byte[] b, int off) {
        return (b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16 | (b[off + 3] & 0xFFL) << 24;
    }

    static long u64(byte[] b, int off) {
        return u32(b, off) | u32(b, off + 4) << 32;
    }
}
