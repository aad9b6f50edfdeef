package io.ccl.tee.sevsnp.verify;

import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.tee.sevsnp.abi.Product;
import io.ccl.tee.sevsnp.kds.AmdCertificate;
import io.ccl.tee.sevsnp.kds.AmdCertificate.Role;
import io.ccl.tee.sevsnp.kds.InvalidCertificateException;
import io.ccl.tee.sevsnp.kds.KdsExtensions;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

/**
 * Verifies VCEK → ASK → ARK (or VLEK → ASVK → ARK) up to the pinned ARK of the product: names,
 * key types, AMD extensions, RSASSA-PSS signatures and validity at the verification time.
 * Signature results are cached per (certificate, issuer) content, so a warm chain costs only
 * field comparisons; validity is checked on every call because it depends on the time.
 */
final class EndorsementChain {
    /** A chain that verified. */
    record Verified(AmdCertificate ark, AmdCertificate intermediate, AmdCertificate leaf, KdsExtensions extensions,
            ECPublicKeyParameters key) {
    }

    private record Link(AmdCertificate child, AmdCertificate issuer) {
    }

    private final TrustedRoots roots;
    private final BoundedCache<Link, Boolean> verifiedLinks = new BoundedCache<>(4096);
    private final BoundedCache<AmdCertificate, KdsExtensions> checkedLeaves = new BoundedCache<>(1024);

    EndorsementChain(TrustedRoots roots) {
        this.roots = roots;
    }

    /**
     * @param leaf the VCEK or VLEK
     * @param offered intermediates carried with the evidence (tried after the pinned ones)
     * @param fetched further intermediates (cache directory, KDS), asked only when needed
     */
    Verified verify(AmdCertificate leaf, Product product, List<AmdCertificate> offered,
            Supplier<List<AmdCertificate>> fetched, Instant now) throws EvidenceRejectedException {
        KdsExtensions extensions = checkedLeaves.get(leaf);
        if (extensions == null) {
            extensions = checkLeafFields(leaf);
            checkedLeaves.put(leaf, extensions);
        }
        checkLeafProduct(leaf, extensions, product);
        AmdCertificate ark = roots.ark(product).orElseThrow(() -> new EvidenceRejectedException(
                RejectionReason.UNTRUSTED_ROOT, "no pinned ARK for " + product.kdsName()));
        Role role = leaf.role() == Role.VCEK ? Role.ASK : Role.ASVK;

        Set<AmdCertificate> candidates = new LinkedHashSet<>(roots.intermediates(product, role));
        candidates.addAll(matching(offered, role, product));
        Search search = search(leaf, ark, candidates);
        if (search.found == null) {
            List<AmdCertificate> more = new ArrayList<>(matching(fetched.get(), role, product));
            more.removeAll(candidates);
            Search second = search(leaf, ark, more);
            second.anchoredIssuer |= search.anchoredIssuer;
            search = second;
        }
        if (search.found == null) {
            if (search.anchoredIssuer) {
                throw new EvidenceRejectedException(RejectionReason.CERT_CHAIN_INVALID,
                        leaf.role() + " signature does not verify with the " + role + " of " + product.kdsName());
            }
            throw new EvidenceRejectedException(RejectionReason.UNTRUSTED_ROOT, "no " + role + " signed by the pinned "
                    + "ARK-" + product.kdsName() + " issued this " + leaf.role(), "ARK-" + product.kdsName(),
                    AmdCertificate.commonName(leaf.issuer()));
        }
        requireValid(ark, now);
        requireValid(search.found, now);
        requireValid(leaf, now);
        try {
            return new Verified(ark, search.found, leaf, extensions, leaf.ecKey());
        } catch (InvalidCertificateException e) {
            throw new EvidenceRejectedException(RejectionReason.CERT_CHAIN_INVALID, e.getMessage(), null, null, e);
        }
    }

    private static final class Search {
        AmdCertificate found;
        boolean anchoredIssuer;
    }

    private Search search(AmdCertificate leaf, AmdCertificate ark, Iterable<AmdCertificate> candidates) {
        Search s = new Search();
        for (AmdCertificate c : candidates) {
            if (leaf.namesIssuer(c) && signedBy(c, ark)) {
                s.anchoredIssuer = true;
                if (signedBy(leaf, c)) {
                    s.found = c;
                    return s;
                }
            }
        }
        return s;
    }

    private static List<AmdCertificate> matching(List<AmdCertificate> certs, Role role, Product product) {
        return certs.stream().filter(c -> c.role() == role && c.product().orElse(null) == product).toList();
    }

    /** True when {@code child} names {@code issuer}, uses AMD's RSASSA-PSS and its signature verifies. */
    private boolean signedBy(AmdCertificate child, AmdCertificate issuer) {
        Link link = new Link(child, issuer);
        if (verifiedLinks.get(link) != null) {
            return true;
        }
        try {
            if (!child.namesIssuer(issuer) || !child.signatureAlgorithmsAgree()) {
                return false;
            }
            if (child.role() != Role.VCEK && child.role() != Role.VLEK && !child.isCa()) {
                return false;
            }
            RsaPss.requireAmdParameters(child.signatureAlgorithm(), child.toString());
            if (!RsaPss.verify(issuer.rsaKey(), child.tbs(), child.signature())) {
                return false;
            }
        } catch (InvalidCertificateException | IOException | RuntimeException e) {
            return false;
        }
        verifiedLinks.put(link, Boolean.TRUE);
        return true;
    }

    /** Field checks of the endorsement key certificate (KDS specification AMD 57230, Tables 6-8). */
    private static KdsExtensions checkLeafFields(AmdCertificate leaf) throws EvidenceRejectedException {
        try {
            RsaPss.requireAmdParameters(leaf.signatureAlgorithm(), leaf.toString());
            if (!leaf.signatureAlgorithmsAgree()) {
                throw new InvalidCertificateException(leaf + " signature algorithms disagree");
            }
            leaf.ecKey();
            return leaf.kdsExtensions();
        } catch (InvalidCertificateException | RuntimeException e) {
            throw new EvidenceRejectedException(RejectionReason.CERT_CHAIN_INVALID, e.getMessage(), null, null, e);
        }
    }

    /** Product-specific field checks: product name, FMC SPL presence, hwid length. */
    private static void checkLeafProduct(AmdCertificate leaf, KdsExtensions ext, Product product)
            throws EvidenceRejectedException {
        Product named = ext.product().orElseThrow(() -> new EvidenceRejectedException(
                RejectionReason.CERT_CHAIN_INVALID, leaf.role() + " names an unknown product " + ext.productName()));
        if (named != product) {
            throw new EvidenceRejectedException(RejectionReason.PLATFORM_MISMATCH,
                    leaf.role() + " is for another product", product.kdsName(), ext.productName());
        }
        if (product.fmcLayout() != (ext.fmc() >= 0)) {
            throw new EvidenceRejectedException(RejectionReason.CERT_CHAIN_INVALID,
                    leaf.role() + " fmcSPL extension " + (product.fmcLayout() ? "missing" : "unexpected"));
        }
        if (ext.hwid() != null && ext.hwid().length != product.hwidLength()) {
            throw new EvidenceRejectedException(RejectionReason.CERT_CHAIN_INVALID, leaf.role() + " hwid is "
                    + ext.hwid().length + " bytes, " + product.kdsName() + " uses " + product.hwidLength());
        }
    }

    private static void requireValid(AmdCertificate cert, Instant now) throws EvidenceRejectedException {
        if (!cert.validAt(now)) {
            throw new EvidenceRejectedException(RejectionReason.CERT_EXPIRED, cert + " is not valid at " + now,
                    cert.notBefore() + ".." + cert.notAfter(), now.toString());
        }
    }
}
