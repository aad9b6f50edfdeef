package io.ccl.tee.dcap.quote;

/**
 * The 48-byte quote header (Intel SGX ECDSA Quote Library API, Appendix A.4 "Quote Header"; Intel TDX
 * DCAP Quoting Library API, Appendix A.3.1 "Quote Header"). In v3 bytes 4..7 are reserved (zero, which is
 * also the SGX TEE type); from v4 on they carry the TEE type.
 *
 * @param version quote version (3, 4 or 5)
 * @param attestationKeyType 2 = ECDSA-256-with-P-256 curve, 3 = ECDSA-384-with-P-384 curve
 * @param teeType {@link #TEE_SGX} or {@link #TEE_TDX}
 * @param qeSvn QE security version (v3; reserved in v4/v5)
 * @param pceSvn PCE security version (v3; reserved in v4/v5)
 * @param qeVendorId 16-byte vendor id of the quoting enclave
 * @param userData 20 bytes of QE-defined data (the first 16 are the QE identity hash prefix)
 */
public record QuoteHeader(int version, int attestationKeyType, long teeType, int qeSvn, int pceSvn, byte[] qeVendorId,
        byte[] userData) {
    /** Header size in bytes. */
    public static final int SIZE = 48;
    /** TEE type of an SGX enclave quote. */
    public static final long TEE_SGX = 0x00000000L;
    /** TEE type of a TDX TD quote. */
    public static final long TEE_TDX = 0x00000081L;
    /** Attestation key type ECDSA-256-with-P-256 curve, the only one DCAP quoting enclaves produce. */
    public static final int KEY_ECDSA_P256 = 2;
    /** Intel's QE vendor id {@code 939A7233-F79C-4CA9-940A-0DB3957F0607}. */
    public static final String INTEL_QE_VENDOR_ID = "939a7233f79c4ca9940a0db3957f0607";
}
