package io.ccl.tee.azure.attest;

import java.io.IOException;
import java.util.List;

/**
 * The few TPM 2.0 commands the Azure attester needs (TPM 2.0 Library Part 3): TPM2_NV_Read (§31.13)
 * of the HCL report index, TPM2_Quote (§18.4) with the attestation key, TPM2_PCR_Read (§22.4).
 * Implemented by a device transport on a real vTPM and by a fake in tests.
 */
public interface Tpm {
    /** vTPM NV index holding the HCL report. */
    int HCL_REPORT_NV_INDEX = 0x01400001;
    /** Persistent handle of the HCL attestation key (HCLAkPub). */
    int AK_HANDLE = 0x81000003;

    /** The contents of an NV index. */
    byte[] nvRead(int index) throws IOException;

    /** A quote over the SHA-256 bank's {@code pcrs}: the marshalled TPMS_ATTEST and the raw RSASSA signature. */
    Quote quote(int keyHandle, byte[] qualifyingData, List<Integer> pcrs) throws IOException;

    /** The SHA-256 bank values of {@code pcrs}, in order. */
    List<byte[]> pcrRead(List<Integer> pcrs) throws IOException;

    /** TPM2_Quote output. */
    record Quote(byte[] message, byte[] signature) {
    }
}
