package io.ccl.tee.dcap.quote;

/**
 * The ECDSA 256-bit Quote Signature Data structure (Intel SGX ECDSA Quote Library API, Appendix A.4
 * "Quote Signature Data"; Intel TDX DCAP Quoting Library API, Appendix A.3.3 "Quote Signature Data", where
 * the QE report, its signature and authentication data are nested in certification data of type 6).
 *
 * @param signature ECDSA P-256 signature r‖s (big endian) over header‖body by the attestation key
 * @param attestationKey the attestation public key x‖y (big endian)
 * @param qeReport the quoting enclave's REPORT
 * @param qeReportSignature ECDSA P-256 signature r‖s over the QE report by the PCK key
 * @param qeAuthData QE authentication data, hashed into the QE report data
 * @param pckCertification certification data identifying the PCK (type 5 carries the chain)
 */
public record QuoteSignature(byte[] signature, byte[] attestationKey, EnclaveReport qeReport,
        byte[] qeReportSignature, byte[] qeAuthData, CertificationData pckCertification) {
}
