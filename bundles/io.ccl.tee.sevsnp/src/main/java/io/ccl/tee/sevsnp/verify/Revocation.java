package io.ccl.tee.sevsnp.verify;

import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.tee.sevsnp.kds.AmdCertificate;
import io.ccl.tee.sevsnp.kds.AmdCrl;
import io.ccl.tee.sevsnp.kds.InvalidCertificateException;
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;

/**
 * Checks the ASK or ASVK of a verified chain against the ARK's CRL (KDS specification AMD 57230,
 * section 4.3). A CRL naming the ARK must carry the ARK's RSASSA-PSS signature, else the evidence
 * is rejected with {@link RejectionReason#COLLATERAL_INVALID}; CRLs of other issuers, and CRLs not
 * current at the verification time, are passed over. Verified CRL signatures are cached.
 */
final class Revocation {
    private record Signed(AmdCrl crl, AmdCertificate ark) {
    }

    private final BoundedCache<Signed, Boolean> verified = new BoundedCache<>(64);

    /**
     * @param crls candidate CRLs, in the order the collateral sources were configured; consumed
     *     lazily, so later sources are asked only when earlier ones have no current CRL
     * @return true when a current CRL was found and does not list the intermediate, false when no
     *     current CRL was available
     * @throws EvidenceRejectedException CERT_REVOKED, or COLLATERAL_INVALID for a forged CRL
     */
    boolean check(EndorsementChain.Verified chain, Iterator<AmdCrl> crls, Instant now) throws EvidenceRejectedException {
        while (crls.hasNext()) {
            AmdCrl crl = crls.next();
            if (!chain.ark().subjectIs(crl.issuer())) {
                continue;
            }
            requireSignedByArk(crl, chain.ark());
            if (!crl.currentAt(now)) {
                continue;
            }
            if (crl.revokes(chain.intermediate().serial())) {
                throw new EvidenceRejectedException(RejectionReason.CERT_REVOKED,
                        chain.intermediate() + " is revoked by the CRL of " + chain.ark(), "not revoked",
                        "serial " + chain.intermediate().serial().toString(16));
            }
            return true;
        }
        return false;
    }

    private void requireSignedByArk(AmdCrl crl, AmdCertificate ark) throws EvidenceRejectedException {
        Signed key = new Signed(crl, ark);
        if (verified.get(key) != null) {
            return;
        }
        try {
            RsaPss.requireAmdParameters(crl.signatureAlgorithm(), "CRL");
            if (!crl.signatureAlgorithmsAgree() || !RsaPss.verify(ark.rsaKey(), crl.tbs(), crl.signature())) {
                throw new EvidenceRejectedException(RejectionReason.COLLATERAL_INVALID,
                        "CRL naming " + ark + " does not carry its signature");
            }
        } catch (InvalidCertificateException | IOException e) {
            throw new EvidenceRejectedException(RejectionReason.COLLATERAL_INVALID, "CRL: " + e.getMessage(), null, null, e);
        }
        verified.put(key, Boolean.TRUE);
    }
}
