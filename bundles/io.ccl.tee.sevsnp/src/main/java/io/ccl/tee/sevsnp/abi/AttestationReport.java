package io.ccl.tee.sevsnp.abi;

import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.RejectionReason;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * An ATTESTATION_REPORT per SEV-SNP ABI spec rev 1.58, Table 23 (versions 2 to 5). Parsing checks
 * the size, the version and that every reserved field is zero; bytes after the 0x4A0-byte report
 * are ignored (some interfaces hand out larger buffers). Immutable; accessors return copies.
 */
public final class AttestationReport {
    /** Size of the report structure. */
    public static final int SIZE = 0x4A0;
    /** The signature covers bytes 0x000-0x29F. */
    public static final int SIGNED_LENGTH = 0x2A0;
    /** SIGNATURE_ALGO value for ECDSA P-384 with SHA-384 (Table 139). */
    public static final int ECDSA_P384_SHA384 = 1;
    /** Width of the little-endian R and S fields of the signature (Table 140). */
    public static final int SIGNATURE_COMPONENT_SIZE = 72;

    private static final int MIN_VERSION = 2;
    private static final int MAX_VERSION = 5;

    private final byte[] raw;

    private AttestationReport(byte[] raw) {
        this.raw = raw;
    }

    /**
     * Parses a report.
     *
     * @throws MalformedEvidenceException shorter than 0x4A0 bytes or a reserved field is not zero
     * @throws EvidenceRejectedException with {@link RejectionReason#UNSUPPORTED_VERSION} for
     *     versions other than 2 to 5
     */
    public static AttestationReport parse(byte[] data) throws MalformedEvidenceException, EvidenceRejectedException {
        if (data == null || data.length < SIZE) {
            throw new MalformedEvidenceException("an SEV-SNP attestation report is 0x4A0 bytes, got "
                    + (data == null ? 0 : data.length));
        }
        AttestationReport r = new AttestationReport(Arrays.copyOf(data, SIZE));
        int version = r.version();
        if (version < MIN_VERSION || version > MAX_VERSION) {
            throw new EvidenceRejectedException(RejectionReason.UNSUPPORTED_VERSION,
                    "unsupported report version " + Integer.toUnsignedString(version), "2..5",
                    Integer.toUnsignedString(version));
        }
        r.checkReserved();
        return r;
    }

    private void checkReserved() throws MalformedEvidenceException {
        int signerInfo = u32(0x48);
        // Table 23, 48h: bits 31:5 reserved; SIGNING_KEY values 2-6 reserved.
        if ((signerInfo >>> 5) != 0) {
            throw malformed("reserved bits of 48h are set");
        }
        int key = (signerInfo >>> 2) & 7;
        if (key >= 2 && key <= 6) {
            throw malformed("SIGNING_KEY " + key + " is reserved");
        }
        mbz(0x4C, 0x50);
        mbz(version() >= 3 ? 0x18B : 0x188, 0x1A0);
        mbz(0x1EB, 0x1EC);
        mbz(0x1EF, 0x1F0);
        // Version 5 adds LAUNCH_MIT_VECTOR (1F8h) and CURRENT_MIT_VECTOR (200h).
        mbz(version() >= 5 ? 0x208 : 0x1F8, SIGNED_LENGTH);
        // Table 140: the ECDSA signature uses R and S; the rest of the 512-byte field is reserved.
        mbz(SIGNED_LENGTH + 2 * SIGNATURE_COMPONENT_SIZE, SIZE);
    }

    private void mbz(int from, int to) throws MalformedEvidenceException {
        for (int i = from; i < to; i++) {
            if (raw[i] != 0) {
                throw malformed(String.format("reserved byte 0x%03X is not zero", i));
            }
        }
    }

    private static MalformedEvidenceException malformed(String message) {
        return new MalformedEvidenceException("SEV-SNP report: " + message);
    }

    public int version() {
        return u32(0x00);
    }

    public long guestSvn() {
        return Integer.toUnsignedLong(u32(0x04));
    }

    public long policy() {
        return u64(0x08);
    }

    public byte[] familyId() {
        return bytes(0x10, 16);
    }

    public byte[] imageId() {
        return bytes(0x20, 16);
    }

    public long vmpl() {
        return Integer.toUnsignedLong(u32(0x30));
    }

    public int signatureAlgorithm() {
        return u32(0x34);
    }

    public long currentTcb() {
        return u64(0x38);
    }

    public long platformInfo() {
        return u64(0x40);
    }

    /** AUTHOR_KEY_EN: the ID block carried an author key. */
    public boolean authorKeyEnabled() {
        return (u32(0x48) & 1) != 0;
    }

    /** MASK_CHIP_KEY: the host masked the chip key; such reports carry no VCEK signature. */
    public boolean maskChipKey() {
        return (u32(0x48) & 2) != 0;
    }

    public SigningKey signingKey() {
        return SigningKey.of((u32(0x48) >>> 2) & 7);
    }

    public byte[] reportData() {
        return bytes(0x50, 64);
    }

    public byte[] measurement() {
        return bytes(0x90, 48);
    }

    public byte[] hostData() {
        return bytes(0xC0, 32);
    }

    public byte[] idKeyDigest() {
        return bytes(0xE0, 48);
    }

    public byte[] authorKeyDigest() {
        return bytes(0x110, 48);
    }

    public byte[] reportId() {
        return bytes(0x140, 32);
    }

    public byte[] reportIdMa() {
        return bytes(0x160, 32);
    }

    /** The TCB the VCEK was derived from. */
    public long reportedTcb() {
        return u64(0x180);
    }

    /** CPUID family (extended family + family), version 3 and later. */
    public OptionalInt cpuidFamily() {
        return version() >= 3 ? OptionalInt.of(raw[0x188] & 0xFF) : OptionalInt.empty();
    }

    /** CPUID model (extended model and model), version 3 and later. */
    public OptionalInt cpuidModel() {
        return version() >= 3 ? OptionalInt.of(raw[0x189] & 0xFF) : OptionalInt.empty();
    }

    /** CPUID stepping, version 3 and later. */
    public OptionalInt cpuidStepping() {
        return version() >= 3 ? OptionalInt.of(raw[0x18A] & 0xFF) : OptionalInt.empty();
    }

    public byte[] chipId() {
        return bytes(0x1A0, 64);
    }

    public long committedTcb() {
        return u64(0x1E0);
    }

    /** CURRENT_MAJOR, CURRENT_MINOR, CURRENT_BUILD of the firmware. */
    public int[] currentVersion() {
        return new int[] {raw[0x1EA] & 0xFF, raw[0x1E9] & 0xFF, raw[0x1E8] & 0xFF};
    }

    /** COMMITTED_MAJOR, COMMITTED_MINOR, COMMITTED_BUILD of the firmware. */
    public int[] committedVersion() {
        return new int[] {raw[0x1EE] & 0xFF, raw[0x1ED] & 0xFF, raw[0x1EC] & 0xFF};
    }

    public long launchTcb() {
        return u64(0x1F0);
    }

    /** LAUNCH_MIT_VECTOR, version 5 and later (0 before). */
    public long launchMitVector() {
        return u64(0x1F8);
    }

    /** CURRENT_MIT_VECTOR, version 5 and later (0 before). */
    public long currentMitVector() {
        return u64(0x200);
    }

    /** The bytes the signature covers (0x000-0x29F). */
    public byte[] signedBytes() {
        return bytes(0, SIGNED_LENGTH);
    }

    /** Signature R, from its 72-byte little-endian field (Table 140). */
    public BigInteger signatureR() {
        return littleEndian(SIGNED_LENGTH);
    }

    /** Signature S, from its 72-byte little-endian field (Table 140). */
    public BigInteger signatureS() {
        return littleEndian(SIGNED_LENGTH + SIGNATURE_COMPONENT_SIZE);
    }

    /** A copy of the 0x4A0 report bytes. */
    public byte[] bytes() {
        return raw.clone();
    }

    private BigInteger littleEndian(int offset) {
        byte[] be = new byte[SIGNATURE_COMPONENT_SIZE];
        for (int i = 0; i < SIGNATURE_COMPONENT_SIZE; i++) {
            be[i] = raw[offset + SIGNATURE_COMPONENT_SIZE - 1 - i];
        }
        return new BigInteger(1, be);
    }

    private byte[] bytes(int offset, int length) {
        return Arrays.copyOfRange(raw, offset, offset + length);
    }

    private int u32(int offset) {
        return (raw[offset] & 0xFF) | (raw[offset + 1] & 0xFF) << 8 | (raw[offset + 2] & 0xFF) << 16
                | (raw[offset + 3] & 0xFF) << 24;
    }

    private long u64(int offset) {
        return Integer.toUnsignedLong(u32(offset)) | (long) u32(offset + 4) << 32;
    }

    @Override
    public String toString() {
        return "AttestationReport[v" + version() + ", " + signingKey() + "]";
    }
}
