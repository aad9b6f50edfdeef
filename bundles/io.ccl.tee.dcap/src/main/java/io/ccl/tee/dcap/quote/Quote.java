package io.ccl.tee.dcap.quote;

import java.util.Arrays;

/**
 * A parsed DCAP quote. Exactly one of {@link #enclaveReport()} and {@link #tdReport()} is set.
 *
 * @param raw the quote bytes as received, possibly followed by trailing bytes
 * @param signedLength header and body: the bytes the attestation key signs
 * @param length the bytes the quote structure occupies; anything after it is ignored padding
 */
public record Quote(QuoteHeader header, BodyType bodyType, EnclaveReport enclaveReport, TdReport tdReport,
        QuoteSignature signature, byte[] raw, int signedLength, int length) {

    /** The signed part: header followed by the body (and, for v5, the body descriptor). */
    public byte[] signedBytes() {
        return Arrays.copyOf(raw, signedLength);
    }

    /** Report data of the attested enclave or TD. */
    public byte[] reportData() {
        return enclaveReport != null ? enclaveReport.reportData() : tdReport.reportData();
    }

    public boolean tdx() {
        return tdReport != null;
    }
}
