package io.ccl.tee.azure.tpm;

import io.ccl.attestation.api.MalformedEvidenceException;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.util.ArrayList;
import java.util.List;

/**
 * A TPMS_ATTEST of type TPM_ST_ATTEST_QUOTE, parsed per the TPM 2.0 Library Specification Part 2
 * (Structures, rev 1.59). All integers big-endian (Part 1 §9.3 "canonical form"); every size is
 * checked against the maximum the specification allows before anything is read, and trailing bytes
 * are refused.
 *
 * @param qualifiedSigner TPM2B_NAME of the signing key
 * @param extraData TPM2B_DATA, the caller's qualifying data (the nonce / report data)
 * @param clock TPMS_CLOCK_INFO.clock (ms)
 * @param resetCount TPMS_CLOCK_INFO.resetCount
 * @param restartCount TPMS_CLOCK_INFO.restartCount
 * @param safe TPMS_CLOCK_INFO.safe
 * @param firmwareVersion vendor firmware version
 * @param pcrSelection the selected PCR indices per bank, in quote order
 * @param pcrDigest TPMS_QUOTE_INFO.pcrDigest
 */
public record TpmsAttest(byte[] qualifiedSigner, byte[] extraData, long clock, long resetCount, long restartCount,
        boolean safe, long firmwareVersion, List<Bank> pcrSelection, byte[] pcrDigest) {

    /** TPM_GENERATED_VALUE, Part 2 §6.2. */
    public static final int TPM_GENERATED = 0xff544347;
    /** TPM_ST_ATTEST_QUOTE, Part 2 §6.9. */
    public static final int TPM_ST_ATTEST_QUOTE = 0x8018;
    /** TPM_ALG_SHA256, Part 2 §6.3 (TCG Algorithm Registry). */
    public static final int TPM_ALG_SHA256 = 0x000B;
    /** sizeof(TPMU_NAME) / sizeof(TPMT_HA) with SHA-512 implemented: 2 + 64 (Part 2 §10.5.3, §10.4.3). */
    public static final int MAX_NAME_OR_DATA = 66;
    /** sizeof(TPMU_HA) (Part 2 §10.4.2). */
    public static final int MAX_DIGEST = 64;
    /** HASH_COUNT bound for TPML_PCR_SELECTION (Part 2 §10.9.7); PCR_SELECT_MAX for 32 PCRs per bank. */
    public static final int MAX_BANKS = 16;
    public static final int MAX_SELECT = 4;
    /** A quote message larger than this cannot be a TPMS_ATTEST of a quote. */
    public static final int MAX_SIZE = 1024;

    /** One TPMS_PCR_SELECTION (Part 2 §10.6.2): a hash algorithm and the PCR indices selected in its bank. */
    public record Bank(int hashAlg, List<Integer> pcrs) {
        public Bank {
            pcrs = List.copyOf(pcrs);
        }
    }

    public TpmsAttest {
        pcrSelection = List.copyOf(pcrSelection);
    }

    /** Parses a quote's attestation structure (the signed message). */
    public static TpmsAttest parse(byte[] message) throws MalformedEvidenceException {
        if (message.length > MAX_SIZE) {
            throw new MalformedEvidenceException("TPM quote message is " + message.length + " bytes, at most " + MAX_SIZE);
        }
        ByteBuffer b = ByteBuffer.wrap(message);
        try {
            // Part 2 §10.12.12 TPMS_ATTEST
            if (b.getInt() != TPM_GENERATED) {
                throw new MalformedEvidenceException("TPM quote magic is not TPM_GENERATED_VALUE");
            }
            int type = Short.toUnsignedInt(b.getShort());
            if (type != TPM_ST_ATTEST_QUOTE) {
                throw new MalformedEvidenceException("TPMS_ATTEST type 0x" + Integer.toHexString(type)
                        + " is not TPM_ST_ATTEST_QUOTE");
            }
            byte[] signer = tpm2b(b, MAX_NAME_OR_DATA, "qualifiedSigner");
            byte[] extra = tpm2b(b, MAX_NAME_OR_DATA, "extraData");
            // Part 2 §10.11.1 TPMS_CLOCK_INFO
            long clock = b.getLong();
            long reset = Integer.toUnsignedLong(b.getInt());
            long restart = Integer.toUnsignedLong(b.getInt());
            int safe = b.get();
            if (safe != 0 && safe != 1) {
                throw new MalformedEvidenceException("TPMS_CLOCK_INFO.safe is not a TPMI_YES_NO");
            }
            long firmware = b.getLong();
            // Part 2 §10.12.1 TPMS_QUOTE_INFO: TPML_PCR_SELECTION (§10.9.7) then TPM2B_DIGEST
            long count = Integer.toUnsignedLong(b.getInt());
            if (count > MAX_BANKS) {
                throw new MalformedEvidenceException("TPML_PCR_SELECTION.count " + count + " exceeds " + MAX_BANKS);
            }
            List<Bank> banks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int alg = Short.toUnsignedInt(b.getShort());
                int size = Byte.toUnsignedInt(b.get());
                if (size < 3 || size > MAX_SELECT) {
                    throw new MalformedEvidenceException("TPMS_PCR_SELECTION.sizeofSelect " + size + " is outside 3.."
                            + MAX_SELECT);
                }
                List<Integer> pcrs = new ArrayList<>();
                for (int j = 0; j < size; j++) {
                    int bits = Byte.toUnsignedInt(b.get());
                    for (int bit = 0; bit < 8; bit++) {
                        if ((bits & (1 << bit)) != 0) {
                            pcrs.add(j * 8 + bit);
                        }
                    }
                }
                banks.add(new Bank(alg, pcrs));
            }
            byte[] digest = tpm2b(b, MAX_DIGEST, "pcrDigest");
            if (b.hasRemaining()) {
                throw new MalformedEvidenceException("TPM quote message has " + b.remaining() + " trailing bytes");
            }
            return new TpmsAttest(signer, extra, clock, reset, restart, safe == 1, firmware, banks, digest);
        } catch (BufferUnderflowException e) {
            throw new MalformedEvidenceException("TPM quote message is truncated", e);
        }
    }

    /** A TPM2B: UINT16 size then that many bytes (Part 2 §10.4), bounded by the type's maximum. */
    private static byte[] tpm2b(ByteBuffer b, int max, String what) throws MalformedEvidenceException {
        int size = Short.toUnsignedInt(b.getShort());
        if (size > max || size > b.remaining()) {
            throw new MalformedEvidenceException("TPM2B " + what + " size " + size + " exceeds " + max
                    + " or the message");
        }
        byte[] out = new byte[size];
        b.get(out);
        return out;
    }

    @Override
    public byte[] extraData() {
        return extraData.clone();
    }

    @Override
    public byte[] pcrDigest() {
        return pcrDigest.clone();
    }

    @Override
    public byte[] qualifiedSigner() {
        return qualifiedSigner.clone();
    }
}
