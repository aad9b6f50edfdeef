package io.ccl.tee.dcap.quote;

import io.ccl.attestation.api.MalformedEvidenceException;

/**
 * Parses DCAP quotes v3 (SGX), v4 (TDX 1.0, or SGX) and v5 (body descriptor: SGX, TD 1.0 or TD 1.5).
 * Layout checks are strict: every length inside the signature data must add up exactly; only bytes after
 * the signature data are tolerated (producers hand out fixed-size buffers).
 */
public final class QuoteParser {

    private QuoteParser() {
    }

    /**
     * @throws MalformedEvidenceException the bytes are not a DCAP quote of a known version and layout
     */
    public static Quote parse(byte[] raw) throws MalformedEvidenceException {
        ByteCursor in = new ByteCursor(raw, 0, raw.length);
        QuoteHeader header = header(in);
        BodyType type = bodyType(header, in);
        EnclaveReport enclave = null;
        TdReport td = null;
        switch (type) {
            case SGX_ENCLAVE -> enclave = EnclaveReport.parse(in);
            case TD10 -> td = TdReport.parse(in, false);
            case TD15 -> td = TdReport.parse(in, true);
            default -> throw new MalformedEvidenceException("unknown body type");
        }
        int signedLength = in.position();
        // Quote v3 A.4 / v4 A.3: "Quote Signature Data Len" (4 bytes) then the signature data.
        int signatureLength = in.length32("quote signature data length");
        ByteCursor sig = new ByteCursor(raw, in.position(), in.position() + signatureLength);
        QuoteSignature signature = header.version() == 3 ? signatureV3(sig) : signatureV4(sig);
        if (sig.remaining() != 0) {
            throw new MalformedEvidenceException("quote signature data declares " + signatureLength + " bytes but its "
                    + "structures end " + sig.remaining() + " bytes earlier");
        }
        return new Quote(header, type, enclave, td, signature, raw, signedLength, in.position() + signatureLength);
    }

    private static QuoteHeader header(ByteCursor in) throws MalformedEvidenceException {
        int version = in.u16("header version");
        int keyType = in.u16("attestation key type");
        long teeType = in.u32("TEE type");
        int qeSvn = in.u16("QE SVN");
        int pceSvn = in.u16("PCE SVN");
        byte[] vendor = in.bytes(16, "QE vendor id");
        byte[] userData = in.bytes(20, "user data");
        if (version < 3 || version > 5) {
            throw new MalformedEvidenceException("not a DCAP quote: version " + version + " (known: 3, 4, 5)");
        }
        if (teeType != QuoteHeader.TEE_SGX && teeType != QuoteHeader.TEE_TDX) {
            throw new MalformedEvidenceException("unknown TEE type 0x" + Long.toHexString(teeType));
        }
        if (version == 3 && teeType != QuoteHeader.TEE_SGX) {
            throw new MalformedEvidenceException("quote v3 carries only SGX enclave reports");
        }
        return new QuoteHeader(version, keyType, teeType, qeSvn, pceSvn, vendor, userData);
    }

    private static BodyType bodyType(QuoteHeader header, ByteCursor in) throws MalformedEvidenceException {
        if (header.version() < 5) {
            return header.teeType() == QuoteHeader.TEE_TDX ? BodyType.TD10 : BodyType.SGX_ENCLAVE;
        }
        // Quote v5, Appendix A.4.2 "Quote Body Descriptor": type (2 bytes), size (4 bytes), body.
        int code = in.u16("body type");
        long size = in.u32("body size");
        for (BodyType t : BodyType.values()) {
            if (t.code() == code) {
                if (t.size() != size) {
                    throw new MalformedEvidenceException("quote v5 body type " + code + " must be " + t.size()
                            + " bytes, the descriptor says " + size);
                }
                boolean tdBody = t != BodyType.SGX_ENCLAVE;
                if (tdBody != (header.teeType() == QuoteHeader.TEE_TDX)) {
                    throw new MalformedEvidenceException("quote v5 body type " + code + " does not match TEE type 0x"
                            + Long.toHexString(header.teeType()));
                }
                return t;
            }
        }
        throw new MalformedEvidenceException("unknown quote v5 body type " + code);
    }

    /** Quote v3, Appendix A.4 "ECDSA 256-bit Quote Signature Data Structure". */
    private static QuoteSignature signatureV3(ByteCursor in) throws MalformedEvidenceException {
        byte[] signature = in.bytes(64, "ISV enclave report signature");
        byte[] key = in.bytes(64, "ECDSA attestation key");
        EnclaveReport qeReport = EnclaveReport.parse(in);
        byte[] qeSignature = in.bytes(64, "QE report signature");
        byte[] authData = in.bytes(in.u16("QE authentication data size"), "QE authentication data");
        CertificationData cert = certification(in);
        return new QuoteSignature(signature, key, qeReport, qeSignature, authData, cert);
    }

    /**
     * Quote v4/v5, Appendix A.3.3: signature, attestation key, then certification data of type 6 holding the QE
     * Report Certification Data (QE report, its signature, QE authentication data, PCK certification data).
     */
    private static QuoteSignature signatureV4(ByteCursor in) throws MalformedEvidenceException {
        byte[] signature = in.bytes(64, "quote signature");
        byte[] key = in.bytes(64, "ECDSA attestation key");
        int type = in.u16("certification data type");
        if (type != CertificationData.QE_REPORT) {
            throw new MalformedEvidenceException("quote v4/v5 certification data must be type 6 (QE report), was " + type);
        }
        int size = in.length32("QE report certification data size");
        if (size != in.remaining()) {
            throw new MalformedEvidenceException("QE report certification data declares " + size + " bytes, "
                    + in.remaining() + " remain in the signature data");
        }
        EnclaveReport qeReport = EnclaveReport.parse(in);
        byte[] qeSignature = in.bytes(64, "QE report signature");
        byte[] authData = in.bytes(in.u16("QE authentication data size"), "QE authentication data");
        CertificationData cert = certification(in);
        return new QuoteSignature(signature, key, qeReport, qeSignature, authData, cert);
    }

    private static CertificationData certification(ByteCursor in) throws MalformedEvidenceException {
        int type = in.u16("PCK certification data type");
        if (type < CertificationData.PPID_CLEARTEXT || type > CertificationData.PCK_CHAIN) {
            throw new MalformedEvidenceException("unsupported PCK certification data type " + type);
        }
        int size = in.length32("PCK certification data size");
        // PPID types carry PPID (clear 16, RSA-2048 256, RSA-3072 384 bytes) ‖ CPUSVN(16) ‖ PCESVN(2), and newer
        // quoting enclaves append PCEID(2) (sgx_ql_ppid_*_cert_info_t): exactly one of two sizes.
        int ppid = switch (type) {
            case CertificationData.PPID_CLEARTEXT -> 16;
            case CertificationData.PPID_RSA2048 -> 256;
            case CertificationData.PPID_RSA3072 -> 384;
            default -> -1;
        };
        if (ppid > 0 && size != ppid + 18 && size != ppid + 20) {
            throw new MalformedEvidenceException("PCK certification data of type " + type + " must be " + (ppid + 18)
                    + " or " + (ppid + 20) + " bytes, was " + size);
        }
        return new CertificationData(type, in.bytes(size, "PCK certification data"));
    }
}
