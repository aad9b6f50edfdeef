package io.ccl.tee.dcap.quote;

import io.ccl.attestation.api.MalformedEvidenceException;

/**
 * An SGX enclave REPORT body, 384 bytes: the ISV enclave report of an SGX quote and the QE report of every
 * DCAP quote (Intel SGX ECDSA Quote Library API, Appendix A.4 "Enclave Report Body"; Intel SDM Vol. 3D,
 * 38.15 "REPORT", {@code sgx_report_body_t}).
 *
 * @param raw the 384 bytes as signed
 */
public record EnclaveReport(byte[] cpuSvn, long miscSelect, byte[] isvExtProdId, byte[] attributes,
        byte[] mrEnclave, byte[] mrSigner, byte[] configId, int isvProdId, int isvSvn, int configSvn,
        byte[] isvFamilyId, byte[] reportData, byte[] raw) {
    /** Size in bytes. */
    public static final int SIZE = 384;
    /** ATTRIBUTES.FLAGS bit 1: the enclave was launched in debug mode. */
    public static final long FLAG_DEBUG = 0x2L;

    static EnclaveReport parse(ByteCursor in) throws MalformedEvidenceException {
        byte[] raw = in.bytes(SIZE, "enclave report body");
        return of(raw);
    }

    private static EnclaveReport of(byte[] b) {
        return new EnclaveReport(slice(b, 0, 16), ByteCursor.u32(b, 16), slice(b, 32, 16), slice(b, 48, 16),
                slice(b, 64, 32), slice(b, 128, 32), slice(b, 192, 64), ByteCursor.u16(b, 256),
                ByteCursor.u16(b, 258), ByteCursor.u16(b, 260), slice(b, 304, 16), slice(b, 320, 64), b);
    }

    /** ATTRIBUTES.FLAGS, the first 8 bytes of ATTRIBUTES (little endian). */
    public long attributeFlags() {
        return ByteCursor.u64(attributes, 0);
    }

    /** ATTRIBUTES.XFRM, the last 8 bytes of ATTRIBUTES (little endian). */
    public long xfrm() {
        return ByteCursor.u64(attributes, 8);
    }

    public boolean debug() {
        return (attributeFlags() & FLAG_DEBUG) != 0;
    }

    static byte[] slice(byte[] b, int from, int length) {
        return java.util.Arrays.copyOfRange(b, from, from + length);
    }
}
