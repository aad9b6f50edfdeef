package io.ccl.tee.dcap.pki;

import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.RejectionReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Revocation of a validated chain against the CRLs at hand: every certificate below the root is looked up in
 * the CRLs its issuer signed. A revoked certificate rejects; a CRL with a bad signature rejects (fail closed);
 * a missing or out-of-date CRL is reported so that the caller applies the collateral policy.
 */
public final class Revocation {

    /**
     * What the check found.
     *
     * @param missing names of CRLs that were needed but absent ({@code root_ca_crl}, {@code pck_crl})
     * @param outdated descriptions of CRLs used outside their thisUpdate..nextUpdate window
     */
    public record Outcome(Set<String> missing, List<String> outdated) {
        public boolean complete() {
            return missing.isEmpty() && outdated.isEmpty();
        }
    }

    private Revocation() {
    }

    /**
     * @param path leaf first, ending with the pinned root (as {@link ChainValidator#validate} returns)
     * @param crls every CRL available; those not issued along the path are ignored
     */
    public static Outcome check(List<IntelCertificate> path, List<RevocationList> crls, Instant now, String what)
            throws EvidenceRejectedException {
        Set<String> missing = new LinkedHashSet<>();
        List<String> outdated = new ArrayList<>();
        for (int i = 0; i < path.size() - 1; i++) {
            IntelCertificate cert = path.get(i);
            IntelCertificate issuer = path.get(i + 1);
            boolean found = false;
            RevocationList stale = null;
            boolean current = false;
            for (RevocationList crl : crls) {
                if (!crl.issuer().equals(issuer.subject())) {
                    continue;
                }
                if (!crl.issuedBy(issuer)) {
                    throw new EvidenceRejectedException(RejectionReason.COLLATERAL_INVALID, crl
                            + " does not verify with " + issuer);
                }
                found = true;
                if (crl.revokes(cert)) {
                    throw new EvidenceRejectedException(RejectionReason.CERT_REVOKED, what + ": " + cert
                            + " is revoked by the " + crl, "not revoked", "revoked");
                }
                if (crl.validAt(now)) {
                    current = true;
                } else {
                    stale = crl;
                }
            }
            if (found && !current) {
                outdated.add(stale + " used at " + now);
            }
            if (!found) {
                missing.add(i == path.size() - 2 ? "root_ca_crl" : "pck_crl");
            }
        }
        return new Outcome(missing, outdated);
    }
}
