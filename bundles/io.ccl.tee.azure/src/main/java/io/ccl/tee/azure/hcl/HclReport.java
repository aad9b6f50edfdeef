package io.ccl.tee.azure.hcl;

import io.ccl.attestation.api.MalformedEvidenceException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The Azure paravisor (HCL) attestation report read from vTPM NV index {@code 0x01400001}: a 32-byte
 * header, the hardware report area (1184 bytes: an SEV-SNP ATTESTATION_REPORT, or a 1024-byte TDX
 * TDREPORT padded with zeros) and the runtime data ({@code IGVM_REQUEST_DATA}) whose variable part is
 * the JSON holding the vTPM attestation key {@code HCLAkPub}. The hardware report's REPORT_DATA[0:32]
 * is SHA-256 of that variable part. Layout as in Microsoft's IGVM attestation ABI
 * ({@code IGVM_ATTEST_REQUEST}; az-cvm-vtpm {@code hcl/mod.rs}): all integers little-endian.
 *
 * <p>Every byte is accounted for, so that no byte can change without being noticed: header fields
 * pinned, hardware report signed by the vendor (SNP) or MAC'd (TDX, see the README), runtime data
 * header consistent with the variable data, variable data hash-bound, and the tail zero.
 */
public final class HclReport {
    /** "HCLA" little-endian. */
    public static final int SIGNATURE = 0x414c4348;
    public static final int HEADER_SIZE = 0x20;
    public static final int HW_REPORT_SIZE = 0x4A0;
    /** IGVM_REQUEST_DATA header: data_size, version, report_type, report_data_hash_type, variable_data_size. */
    public static final int RUNTIME_HEADER_SIZE = 20;
    public static final int RUNTIME_OFFSET = HEADER_SIZE + HW_REPORT_SIZE;
    public static final int VAR_DATA_OFFSET = RUNTIME_OFFSET + RUNTIME_HEADER_SIZE;
    /** What the vTPM NV index holds; larger input is refused before parsing. */
    public static final int MAX_SIZE = 0x2000;
    /** IGVM report types. */
    public static final int REPORT_TYPE_SNP = 2;
    public static final int REPORT_TYPE_TDX = 4;
    /** IgvmHashType SHA-256. */
    public static final int HASH_SHA256 = 1;
    /** TDREPORT_STRUCT size (Intel TDX Module ABI, TDG.MR.REPORT). */
    public static final int TD_REPORT_SIZE = 1024;

    private final byte[] bytes;
    private final int reportType;
    private final int varDataSize;

    private HclReport(byte[] bytes, int reportType, int varDataSize) {
        this.bytes = bytes;
        this.reportType = reportType;
        this.varDataSize = varDataSize;
    }

    /** Parses and checks the structure; never reads beyond the input. */
    public static HclReport parse(byte[] input) throws MalformedEvidenceException {
        if (input.length < VAR_DATA_OFFSET || input.length > MAX_SIZE) {
            throw new MalformedEvidenceException("HCL report is " + input.length + " bytes, expected "
                    + VAR_DATA_OFFSET + ".." + MAX_SIZE);
        }
        ByteBuffer b = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != SIGNATURE) {
            throw new MalformedEvidenceException("HCL report does not start with HCLA");
        }
        int version = b.getInt(4);
        if (version != 1 && version != 2) {
            throw new MalformedEvidenceException("HCL report header version " + version + " is not 1 or 2");
        }
        long reportSize = Integer.toUnsignedLong(b.getInt(8));
        if (b.getInt(12) != 2) {
            throw new MalformedEvidenceException("HCL request type " + b.getInt(12) + " is not 2 (key release)");
        }
        for (int off = 16; off < HEADER_SIZE; off += 4) {
            if (b.getInt(off) != 0) {
                throw new MalformedEvidenceException("HCL report status/reserved word at " + off + " is not zero");
            }
        }
        long dataSize = Integer.toUnsignedLong(b.getInt(RUNTIME_OFFSET));
        if (b.getInt(RUNTIME_OFFSET + 4) != 1) {
            throw new MalformedEvidenceException("HCL runtime data version is not 1");
        }
        int reportType = b.getInt(RUNTIME_OFFSET + 8);
        if (reportType != REPORT_TYPE_SNP && reportType != REPORT_TYPE_TDX) {
            throw new MalformedEvidenceException("HCL hardware report type " + reportType + " is not SNP (2) or TDX (4)");
        }
        if (b.getInt(RUNTIME_OFFSET + 12) != HASH_SHA256) {
            throw new MalformedEvidenceException("HCL report data hash type is not SHA-256 (1)");
        }
        long varSize = Integer.toUnsignedLong(b.getInt(RUNTIME_OFFSET + 16));
        if (varSize > input.length - VAR_DATA_OFFSET || dataSize != RUNTIME_HEADER_SIZE + varSize
                || reportSize != RUNTIME_OFFSET + dataSize) {
            throw new MalformedEvidenceException("HCL report sizes are inconsistent (report " + reportSize
                    + ", runtime data " + dataSize + ", variable data " + varSize + ", buffer " + input.length + ")");
        }
        for (int i = VAR_DATA_OFFSET + (int) varSize; i < input.length; i++) {
            if (input[i] != 0) {
                throw new MalformedEvidenceException("HCL report has non-zero bytes after the variable data");
            }
        }
        if (reportType == REPORT_TYPE_TDX) {
            for (int i = HEADER_SIZE + TD_REPORT_SIZE; i < RUNTIME_OFFSET; i++) {
                if (input[i] != 0) {
                    throw new MalformedEvidenceException("HCL TDREPORT padding is not zero");
                }
            }
        }
        return new HclReport(input.clone(), reportType, (int) varSize);
    }

    public int reportType() {
        return reportType;
    }

    public boolean snp() {
        return reportType == REPORT_TYPE_SNP;
    }

    /** The 1184-byte SEV-SNP ATTESTATION_REPORT (SNP reports only). */
    public byte[] snpReport() {
        return Arrays.copyOfRange(bytes, HEADER_SIZE, HEADER_SIZE + HW_REPORT_SIZE);
    }

    /** The 1024-byte TDREPORT_STRUCT (TDX reports only). */
    public byte[] tdReport() {
        return Arrays.copyOfRange(bytes, HEADER_SIZE, HEADER_SIZE + TD_REPORT_SIZE);
    }

    /** The runtime variable data (JSON with HCLAkPub). */
    public byte[] varData() {
        return Arrays.copyOfRange(bytes, VAR_DATA_OFFSET, VAR_DATA_OFFSET + varDataSize);
    }

    /** SHA-256 of {@link #varData()}: what the hardware report's REPORT_DATA[0:32] must hold. */
    public byte[] varDataSha256() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(varData());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** A copy of the whole report. */
    public byte[] bytes() {
        return bytes.clone();
    }
}
