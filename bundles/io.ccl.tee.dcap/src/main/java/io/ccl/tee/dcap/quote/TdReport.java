package io.ccl.tee.dcap.quote;

import io.ccl.attestation.api.MalformedEvidenceException;
import java.util.List;

/**
 * A TD quote body: TD 1.0 (584 bytes, Intel TDX DCAP Quoting Library API, Appendix A.3.2 "TD Quote Body")
 * or TD 1.5 (648 bytes, Appendix A.4.2 "TD Quote Body Descriptor", body type 3), which appends
 * TEE_TCB_SVN_2 and MRSERVICETD.
 *
 * @param teeTcbSvn2 TD 1.5 only, else null
 * @param mrServiceTd TD 1.5 only, else null
 */
public record TdReport(byte[] teeTcbSvn, byte[] mrSeam, byte[] mrSignerSeam, byte[] seamAttributes,
        byte[] tdAttributes, byte[] xfam, byte[] mrTd, byte[] mrConfigId, byte[] mrOwner, byte[] mrOwnerConfig,
        List<byte[]> rtmrs, byte[] reportData, byte[] teeTcbSvn2, byte[] mrServiceTd) {
    /** TD 1.0 body size. */
    public static final int SIZE_TD10 = 584;
    /** TD 1.5 body size. */
    public static final int SIZE_TD15 = 648;
    /** TDX module ABI, TDINFO_STRUCT.ATTRIBUTES: TUD bit 0, the TD is debuggable. */
    public static final long ATTR_DEBUG = 1L;
    /** SEPT_VE_DISABLE (bit 28): EPT violations are not converted to #VE. */
    public static final long ATTR_SEPT_VE_DISABLE = 1L << 28;
    /** MIGRATABLE (bit 29). */
    public static final long ATTR_MIGRATABLE = 1L << 29;
    /** PKS (bit 30): supervisor protection keys. */
    public static final long ATTR_PKS = 1L << 30;
    /** KL (bit 31): key locker. */
    public static final long ATTR_KL = 1L << 31;
    /** PERFMON (bit 63): the TD may use the performance monitoring unit. */
    public static final long ATTR_PERFMON = 1L << 63;

    static TdReport parse(ByteCursor in, boolean td15) throws MalformedEvidenceException {
        byte[] b = in.bytes(td15 ? SIZE_TD15 : SIZE_TD10, td15 ? "TD 1.5 quote body" : "TD quote body");
        List<byte[]> rtmrs = List.of(EnclaveReport.slice(b, 328, 48), EnclaveReport.slice(b, 376, 48),
                EnclaveReport.slice(b, 424, 48), EnclaveReport.slice(b, 472, 48));
        return new TdReport(EnclaveReport.slice(b, 0, 16), EnclaveReport.slice(b, 16, 48),
                EnclaveReport.slice(b, 64, 48), EnclaveReport.slice(b, 112, 8), EnclaveReport.slice(b, 120, 8),
                EnclaveReport.slice(b, 128, 8), EnclaveReport.slice(b, 136, 48), EnclaveReport.slice(b, 184, 48),
                EnclaveReport.slice(b, 232, 48), EnclaveReport.slice(b, 280, 48), rtmrs,
                EnclaveReport.slice(b, 520, 64), td15 ? EnclaveReport.slice(b, 584, 16) : null,
                td15 ? EnclaveReport.slice(b, 600, 48) : null);
    }

    /** TD_ATTRIBUTES as the little-endian 64-bit value the TDX module defines. */
    public long tdAttributeBits() {
        return ByteCursor.u64(tdAttributes, 0);
    }

    public boolean debug() {
        return (tdAttributeBits() & ATTR_DEBUG) != 0;
    }

    public boolean td15() {
        return teeTcbSvn2 != null;
    }
}
