package io.ccl.tee.dcap.verify;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.tee.api.Collateral;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.dcap.collateral.CollateralSet;
import io.ccl.tee.dcap.collateral.DocumentVerifier;
import io.ccl.tee.dcap.collateral.IdentityLevel;
import io.ccl.tee.dcap.collateral.QeIdentity;
import io.ccl.tee.dcap.collateral.TcbInfo;
import io.ccl.tee.dcap.pcs.CollateralSource;
import io.ccl.tee.dcap.pki.IntelCertificate;
import io.ccl.tee.dcap.pki.P256;
import io.ccl.tee.dcap.pki.PckExtensions;
import io.ccl.tee.dcap.pki.PinnedRoot;
import io.ccl.tee.dcap.quote.Quote;
import io.ccl.tee.dcap.quote.QuoteHeader;
import io.ccl.tee.dcap.quote.QuoteSignature;
import io.ccl.tee.dcap.tcb.TcbEvaluator;
import io.ccl.tee.dcap.tcb.TcbVerdict;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

/**
 * Verifies a parsed DCAP quote end to end, in the order of Intel's QVL: quote signature by the attestation
 * key, attestation key bound into the QE report, PCK chain to the pinned Intel SGX Root CA, QE report signed by
 * the PCK leaf, revocation (PCK and Root CA CRLs), TCB Info and QE Identity signed by Intel and current, and the
 * TCB evaluation. Collateral comes from the evidence, the context and the configured {@link CollateralSource}.
 */
public final class DcapVerifier {
    /** Intel SGX TCB Signing certificates (one key, re-issued for 2025-2032) shipped as bundle resources. */
    static final List<String> BUNDLED_SIGNERS = List.of("/roots/intel_sgx_tcb_signing_2018-2025.pem",
            "/roots/intel_sgx_tcb_signing_2025-2032.pem");
    private final PinnedRoot root;
    private final DocumentVerifier documents;
    private final CollateralSource source;
    private final PckChainResolver pckChains;

    /**
     * @param bundledSigners Intel SGX TCB Signing certificates shipped with the bundle (validated like any other)
     * @param source where missing collateral is fetched from ({@link CollateralSource#NONE} offline)
     */
    public DcapVerifier(PinnedRoot root, List<IntelCertificate> bundledSigners, CollateralSource source) {
        this.root = root;
        this.documents = new DocumentVerifier(root, bundledSigners);
        this.source = source;
        this.pckChains = new PckChainResolver(root);
    }

    /**
     * @param pieces collateral from the evidence and the context (unrecognised pieces are ignored here)
     * @param allowUnavailable the effective collateral policy
     */
    public DcapResult verify(Quote quote, List<Collateral> pieces, VerificationContext context, boolean allowUnavailable)
            throws MalformedEvidenceException, EvidenceRejectedException, CollateralUnavailableException {
        Instant now = context.now();
        QuoteSignature sig = quote.signature();
        checkHeader(quote.header());
        checkQuoteSignature(quote);
        checkAttestationKeyBinding(sig);
        CollateralSet set = new CollateralSet().addAll(pieces).addAll(source.always());
        List<IntelCertificate> pckPath = pckChains.resolve(sig, set.certificates(), now);
        checkReportData(quote, context);
        PckExtensions pck;
        try {
            pck = PckExtensionsCache.of(pckPath.get(0));
        } catch (IllegalArgumentException e) {
            throw new EvidenceRejectedException(RejectionReason.CERT_CHAIN_INVALID, e.getMessage(), null, null, e);
        }
        String ca = pckCa(pckPath);
        CollateralFindings findings = new CollateralFindings(allowUnavailable);
        CollateralLookup lookup = new CollateralLookup(documents, source, set, now, findings);
        lookup.revocation(pckPath, ca, "PCK certificate chain");
        boolean tdx = quote.tdx();
        DocumentVerifier.Verified<TcbInfo> tcbInfo = lookup.tcbInfo(tdx, pck);
        DocumentVerifier.Verified<QeIdentity> qeIdentity = lookup.qeIdentity(tdx);
        findings.enforce();
        TcbVerdict verdict = null;
        IdentityLevel qeLevel = null;
        if (tcbInfo != null) {
            verdict = TcbEvaluator.evaluate(tcbInfo.content(), pck, quote.tdReport(),
                    qeIdentity == null ? null : qeIdentity.content(), sig.qeReport());
            qeLevel = verdict.qe();
        } else if (qeIdentity != null) {
            qeLevel = TcbEvaluator.qeLevel(qeIdentity.content(), sig.qeReport());
        }
        return new DcapResult(quote, pckPath.get(0), pck, ca, verdict, tcbInfo == null ? null : tcbInfo.content(),
                qeIdentity == null ? null : qeIdentity.content(), qeLevel, findings.missingInOrder(),
                findings.expired());
    }

    private static void checkHeader(QuoteHeader header) throws EvidenceRejectedException {
        if (header.attestationKeyType() != QuoteHeader.KEY_ECDSA_P256) {
            throw new EvidenceRejectedException(RejectionReason.UNSUPPORTED_ALGORITHM, "attestation key type "
                    + header.attestationKeyType() + " is not ECDSA-256-with-P-256", "2",
                    Integer.toString(header.attestationKeyType()));
        }
        String vendor = HexFormat.of().formatHex(header.qeVendorId());
        if (!QuoteHeader.INTEL_QE_VENDOR_ID.equals(vendor)) {
            throw new EvidenceRejectedException(RejectionReason.QE_IDENTITY_MISMATCH, "the quote was not produced by "
                    + "Intel's quoting enclave", QuoteHeader.INTEL_QE_VENDOR_ID, vendor);
        }
    }

    /** Quote v3 A.4 / v4 A.3.3: ECDSA P-256 over header and body with the attestation key. */
    private static void checkQuoteSignature(Quote quote) throws EvidenceRejectedException {
        ECPublicKeyParameters key;
        try {
            key = P256.rawKey(quote.signature().attestationKey());
        } catch (IllegalArgumentException e) {
            throw new EvidenceRejectedException(RejectionReason.BAD_SIGNATURE, "the attestation key is not a P-256 "
                    + "point", null, null, e);
        }
        if (!P256.verifyRaw(key, quote.raw(), quote.signedLength(), quote.signature().signature())) {
            throw new EvidenceRejectedException(RejectionReason.BAD_SIGNATURE,
                    "the quote signature does not verify with the attestation key");
        }
    }

    /** QE report data = SHA-256(attestation key ‖ QE authentication data) ‖ 32 zero bytes. */
    private static void checkAttestationKeyBinding(QuoteSignature sig) throws EvidenceRejectedException {
        byte[] keyAndAuth = new byte[64 + sig.qeAuthData().length];
        System.arraycopy(sig.attestationKey(), 0, keyAndAuth, 0, 64);
        System.arraycopy(sig.qeAuthData(), 0, keyAndAuth, 64, sig.qeAuthData().length);
        byte[] expected = Arrays.copyOf(P256.sha256(keyAndAuth, keyAndAuth.length), 64);
        if (!MessageDigest.isEqual(expected, sig.qeReport().reportData())) {
            throw new EvidenceRejectedException(RejectionReason.BAD_SIGNATURE, "the attestation key is not bound to "
                    + "the QE report", HexFormat.of().formatHex(expected),
                    HexFormat.of().formatHex(sig.qeReport().reportData()));
        }
    }

    private static void checkReportData(Quote quote, VerificationContext context) throws EvidenceRejectedException {
        if (context.expectedReportData().isPresent()) {
            ReportData expected = context.expectedReportData().get();
            if (!expected.matches(quote.reportData())) {
                throw new EvidenceRejectedException(RejectionReason.REPORT_DATA_MISMATCH, "report data differs from "
                        + "the expected binding", expected.hex(), HexFormat.of().formatHex(quote.reportData()));
            }
        }
    }

    private static String pckCa(List<IntelCertificate> path) throws EvidenceRejectedException {
        String cn = path.size() > 1 ? path.get(1).commonName() : "";
        return switch (cn) {
            case "Intel SGX PCK Platform CA" -> "platform";
            case "Intel SGX PCK Processor CA" -> "processor";
            default -> throw new EvidenceRejectedException(RejectionReason.CERT_CHAIN_INVALID, "the PCK certificate "
                    + "is issued by " + cn + ", not by an Intel SGX PCK CA");
        };
    }

    /**
     * A verifier trusting the Intel SGX Root CA shipped in {@code owner}'s bundle (resource
     * {@code roots/intel_sgx_root_ca.pem}, fingerprint pinned) with the bundled Intel SGX TCB Signing certificates.
     */
    public static DcapVerifier forBundle(Class<?> owner, CollateralSource source) {
        List<IntelCertificate> signers = new java.util.ArrayList<>();
        for (String resource : BUNDLED_SIGNERS) {
            signers.addAll(PinnedRoot.load(owner, resource));
        }
        return new DcapVerifier(PinnedRoot.intel(owner), signers, source);
    }

    /** The pinned root this verifier trusts. */
    public PinnedRoot root() {
        return root;
    }
}
