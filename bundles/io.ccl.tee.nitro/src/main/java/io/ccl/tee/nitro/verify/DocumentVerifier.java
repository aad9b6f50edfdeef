package io.ccl.tee.nitro.verify;

import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.nitro.abi.AttestationDocument;
import io.ccl.tee.nitro.abi.CoseSign1;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The Nitro verification pipeline: parse (COSE_Sign1 + payload), certificate path to the pinned
 * root at the time the {@link TimeMode} selects, ES384 signature over the Sig_structure, freshness,
 * debug, report data and nonce binding, then claims. Stateless and thread safe.
 */
public final class DocumentVerifier {
    /** The {@code ccl.tee.type} of this backend. */
    public static final String TEE_TYPE = "nitro";

    private final CertificatePath path;
    private final VerifierSettings settings;

    public DocumentVerifier(TrustedRoot root, VerifierSettings settings) {
        this.path = new CertificatePath(Objects.requireNonNull(root, "root"));
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public VerifiedClaims verify(Evidence evidence, VerificationContext context)
            throws MalformedEvidenceException, EvidenceRejectedException {
        if (!TEE_TYPE.equals(evidence.teeType())) {
            throw new MalformedEvidenceException("evidence is for tee '" + evidence.teeType() + "', not " + TEE_TYPE);
        }
        VerifierSettings s;
        try {
            s = settings.withHints(context.hints());
        } catch (IllegalArgumentException e) {
            throw new MalformedEvidenceException("bad nitro verification hint: " + e.getMessage(), e);
        }
        AttestationDocument doc = AttestationDocument.parse(evidence.payload());

        // aws-nitro-enclaves-nsm-api docs/attestation_process.md §3.2: the digest names the PCR bank.
        if (!"SHA384".equals(doc.digest())) {
            throw new EvidenceRejectedException(RejectionReason.UNSUPPORTED_ALGORITHM, "unsupported PCR digest",
                    "SHA384", doc.digest());
        }
        if (doc.cose().algorithm() != CoseSign1.ES384) {
            throw new EvidenceRejectedException(RejectionReason.UNSUPPORTED_ALGORITHM, "unsupported COSE algorithm",
                    "ES384 (-35)", Integer.toString(doc.cose().algorithm()));
        }
        Instant now = context.now();
        Instant docTime = doc.timestamp();
        if (docTime.isAfter(now.plus(s.clockSkew()))) {
            throw new EvidenceRejectedException(RejectionReason.STALE, "document timestamp lies after the verification time",
                    "<= " + now.plus(s.clockSkew()), docTime.toString());
        }
        Instant pathTime = s.timeMode() == TimeMode.LIVE ? now : docTime;
        CertificatePath.Verified chain = path.verify(doc.certificate(), doc.cabundle(), pathTime);
        checkSignature(doc.cose(), chain.leafKey());
        if (s.timeMode() == TimeMode.LIVE && docTime.isBefore(now.minus(s.maxAge()))) {
            throw new EvidenceRejectedException(RejectionReason.STALE, "document is older than the maximum age "
                    + s.maxAge(), ">= " + now.minus(s.maxAge()), docTime.toString());
        }
        boolean debug = ClaimsMapper.debug(doc);
        if (debug && !s.allowDebug()) {
            throw new EvidenceRejectedException(RejectionReason.DEBUG_MODE,
                    "debug enclave (PCR0, PCR1, PCR2 all zero) is not allowed", "debug=false", "debug=true");
        }
        ReportData reportData = ClaimsMapper.reportData(doc);
        if (context.expectedReportData().isPresent() && !context.expectedReportData().get().equals(reportData)) {
            throw new EvidenceRejectedException(RejectionReason.REPORT_DATA_MISMATCH,
                    "user_data does not carry the expected report data", context.expectedReportData().get().hex(),
                    reportData.hex());
        }
        checkNonce(doc, context);
        return new VerifiedClaims(TEE_TYPE, reportData, ClaimsMapper.claims(doc, chain.leaf(), debug, s.timeMode(), pathTime));
    }

    private static void checkSignature(CoseSign1 cose, PublicKey leafKey) throws EvidenceRejectedException {
        // RFC 9053 §2.1: the ES384 signature is r || s, each 48 bytes big-endian.
        if (cose.signature().length != 96) {
            throw new EvidenceRejectedException(RejectionReason.BAD_SIGNATURE, "ES384 signature must be 96 bytes",
                    "96", Integer.toString(cose.signature().length));
        }
        boolean ok;
        try {
            Signature verifier = Signature.getInstance("SHA384withPLAIN-ECDSA", CertificatePath.PROVIDER);
            verifier.initVerify(leafKey);
            verifier.update(cose.toBeSigned());
            ok = verifier.verify(cose.signature());
        } catch (GeneralSecurityException | RuntimeException e) {
            ok = false;
        }
        if (!ok) {
            throw new EvidenceRejectedException(RejectionReason.BAD_SIGNATURE,
                    "COSE_Sign1 ES384 signature does not verify with the signing certificate");
        }
    }

    private static void checkNonce(AttestationDocument doc, VerificationContext context)
            throws MalformedEvidenceException, EvidenceRejectedException {
        String expected = context.hint(VerifierSettings.HINT_NONCE).orElse(null);
        if (expected == null) {
            return;
        }
        byte[] want;
        try {
            want = HexFormat.of().parseHex(expected.trim());
        } catch (IllegalArgumentException e) {
            throw new MalformedEvidenceException("hint " + VerifierSettings.HINT_NONCE + " is not hex", e);
        }
        byte[] got = doc.nonce().orElse(null);
        if (got == null || !MessageDigest.isEqual(want, got)) {
            throw new EvidenceRejectedException(RejectionReason.NONCE_MISMATCH, "document nonce is not the expected nonce",
                    HexFormat.of().formatHex(want), got == null ? "none" : HexFormat.of().formatHex(got));
        }
    }
}
