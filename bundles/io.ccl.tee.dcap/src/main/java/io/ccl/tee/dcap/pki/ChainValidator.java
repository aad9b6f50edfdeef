package io.ccl.tee.dcap.pki;

import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.tee.dcap.cache.BoundedCache;
import io.ccl.tee.dcap.cache.ContentKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates a chain of the Intel SGX PKI up to the pinned root: names link, every signature verifies
 * (ecdsa-with-SHA256 with BouncyCastle; successful checks are cached by the certificate pair), issuers are
 * CAs, and every certificate is valid at the verification time. Revocation is checked separately
 * ({@link Revocation}) because CRLs are collateral with their own availability policy.
 */
public final class ChainValidator {
    private static final int MAX_DEPTH = 4;
    private static final BoundedCache<ContentKey, Boolean> VERIFIED = new BoundedCache<>(1024);

    private ChainValidator() {
    }

    /**
     * @param chain leaf first, optionally ending with the root itself
     * @param what what the chain certifies, for messages ("PCK certificate chain")
     * @return leaf first, ending with the pinned root
     */
    public static List<IntelCertificate> validate(List<IntelCertificate> chain, PinnedRoot root, Instant now,
            String what) throws EvidenceRejectedException {
        List<IntelCertificate> path = validateSignatures(chain, root, what);
        for (IntelCertificate c : path) {
            if (!c.validAt(now)) {
                throw new EvidenceRejectedException(RejectionReason.CERT_EXPIRED, what + ": " + c + " is not valid at "
                        + now, c.notBefore() + ".." + c.notAfter(), now.toString());
            }
        }
        return path;
    }

    /** Like {@link #validate} without the validity-period check (the caller applies its own time policy). */
    public static List<IntelCertificate> validateSignatures(List<IntelCertificate> chain, PinnedRoot root,
            String what) throws EvidenceRejectedException {
        IntelCertificate anchor = root.certificate();
        List<IntelCertificate> path = new ArrayList<>(chain);
        if (path.isEmpty()) {
            throw new EvidenceRejectedException(RejectionReason.CERT_CHAIN_INVALID, what + " is empty");
        }
        IntelCertificate top = path.get(path.size() - 1);
        if (top.subject().equals(top.issuer())) {
            if (!top.equals(anchor)) {
                throw new EvidenceRejectedException(RejectionReason.UNTRUSTED_ROOT, what + " ends at " + top
                        + ", not at the pinned " + anchor, anchor.subject(), top.subject());
            }
            path.remove(path.size() - 1);
        }
        if (path.isEmpty() || path.size() > MAX_DEPTH) {
            throw new EvidenceRejectedException(RejectionReason.CERT_CHAIN_INVALID, what + " has "
                    + path.size() + " certificates below the root");
        }
        path.add(anchor);
        for (int i = 0; i < path.size() - 1; i++) {
            IntelCertificate child = path.get(i);
            IntelCertificate issuer = path.get(i + 1);
            boolean toRoot = issuer == anchor;
            if (!child.issuer().equals(issuer.subject()) || !verified(child, issuer)) {
                throw new EvidenceRejectedException(toRoot ? RejectionReason.UNTRUSTED_ROOT
                        : RejectionReason.CERT_CHAIN_INVALID, what + ": " + child + " is not signed by " + issuer,
                        issuer.subject(), child.issuer());
            }
            if (issuer.certificate().getBasicConstraints() < 0 || !mayCertify(issuer)) {
                throw new EvidenceRejectedException(RejectionReason.CERT_CHAIN_INVALID, what + ": issuer " + issuer
                        + " is not a CA");
            }
        }
        return List.copyOf(path);
    }

    private static boolean mayCertify(IntelCertificate issuer) {
        boolean[] usage = issuer.certificate().getKeyUsage();
        return usage == null || (usage.length > 5 && usage[5]);
    }

    private static boolean verified(IntelCertificate child, IntelCertificate issuer) {
        ContentKey key = ContentKey.of(child.der(), issuer.der());
        if (VERIFIED.get(key) != null) {
            return true;
        }
        boolean ok = child.signedBy(issuer);
        if (ok) {
            VERIFIED.put(key, Boolean.TRUE);
        }
        return ok;
    }
}
