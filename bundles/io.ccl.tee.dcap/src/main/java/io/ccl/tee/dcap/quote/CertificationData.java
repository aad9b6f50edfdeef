package io.ccl.tee.dcap.quote;

/**
 * QE certification data (Intel SGX ECDSA Quote Library API, Appendix A.4 "QE Certification Data"): a type and
 * its bytes. Type 5 is the PCK certificate chain (PEM; some producers concatenate DER), types 1..4 identify
 * the platform (PPID) so that the PCK certificate must come from collateral.
 */
public record CertificationData(int type, byte[] data) {
    /** PPID in clear text, CPUSVN, PCESVN. */
    public static final int PPID_CLEARTEXT = 1;
    /** PPID encrypted with RSA-2048-OAEP, CPUSVN, PCESVN. */
    public static final int PPID_RSA2048 = 2;
    /** PPID encrypted with RSA-3072-OAEP, CPUSVN, PCESVN. */
    public static final int PPID_RSA3072 = 3;
    /** PCK leaf certificate. */
    public static final int PCK_LEAF = 4;
    /** Concatenated PCK certificate chain (leaf, intermediate, root). */
    public static final int PCK_CHAIN = 5;
    /** ECDSA 256-bit QE Report Certification Data (quote v4/v5). */
    public static final int QE_REPORT = 6;
}
