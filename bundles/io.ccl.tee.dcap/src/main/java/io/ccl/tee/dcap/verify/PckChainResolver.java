package io.ccl.tee.dcap.verify;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.tee.dcap.cache.BoundedCache;
import io.ccl.tee.dcap.cache.ContentKey;
import io.ccl.tee.dcap.pki.CertificateChainCodec;
import io.ccl.tee.dcap.pki.ChainValidator;
import io.ccl.tee.dcap.pki.IntelCertificate;
import io.ccl.tee.dcap.pki.P256;
import io.ccl.tee.dcap.pki.PinnedRoot;
import io.ccl.tee.dcap.quote.CertificationData;
import io.ccl.tee.dcap.quote.QuoteSignature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the PCK certificate chain of a quote and proves that its leaf signed the QE report: from
 * certification data type 5 (the chain itself), or, for types 1..4, among the PCK certificates supplied as
 * collateral (the one whose key verifies the QE report signature). Decoded chains, validated paths and
 * verified QE report signatures are cached by their exact bytes.
 */
final class PckChainResolver {
    static final String PCK_LEAF_CN = "Intel SGX PCK Certificate";
    private static final BoundedCache<ContentKey, List<IntelCertificate>> DECODED = new BoundedCache<>(128);
    private static final BoundedCache<ContentKey, List<IntelCertificate>> PATHS = new BoundedCache<>(128);
    private static final BoundedCache<ContentKey, Boolean> QE_SIGNED = new BoundedCache<>(256);

    private final PinnedRoot root;

    PckChainResolver(PinnedRoot root) {
        this.root = root;
    }

    /**
     * The validated path (leaf, intermediate, root) whose leaf signed the QE report.
     *
     * @throws CollateralUnavailableException the quote does not carry the chain and collateral has no PCK
     *     certificate that signed the QE report
     */
    List<IntelCertificate> resolve(QuoteSignature sig, List<IntelCertificate> pool, Instant now)
            throws MalformedEvidenceException, EvidenceRejectedException, CollateralUnavailableException {
        CertificationData cert = sig.pckCertification();
        List<IntelCertificate> path;
        if (cert.type() == CertificationData.PCK_CHAIN) {
            path = validated(decoded(cert.data()), now);
            if (!qeSignedBy(sig, path.get(0))) {
                throw new EvidenceRejectedException(RejectionReason.BAD_SIGNATURE,
                        "QE report signature does not verify with the PCK certificate " + path.get(0));
            }
        } else {
            path = fromCollateral(sig, pool, now);
        }
        if (!PCK_LEAF_CN.equals(path.get(0).commonName())) {
            throw new EvidenceRejectedException(RejectionReason.CERT_CHAIN_INVALID, "the quote's leaf certificate is "
                    + path.get(0) + ", not an " + PCK_LEAF_CN);
        }
        return path;
    }

    private static List<IntelCertificate> decoded(byte[] data) throws MalformedEvidenceException {
        try {
            return DECODED.computeIfAbsent(ContentKey.owning(data), k -> CertificateChainCodec.decode(data));
        } catch (IllegalArgumentException e) {
            throw new MalformedEvidenceException("PCK certificate chain in the quote: " + e.getMessage(), e);
        }
    }

    private List<IntelCertificate> validated(List<IntelCertificate> chain, Instant now)
            throws EvidenceRejectedException {
        byte[][] ders = chain.stream().map(IntelCertificate::der).toArray(byte[][]::new);
        ContentKey key = ContentKey.of(ders);
        List<IntelCertificate> path = PATHS.get(key);
        if (path == null || path.get(path.size() - 1) != root.certificate()) {
            path = ChainValidator.validateSignatures(chain, root, "PCK certificate chain");
            PATHS.put(key, path);
        }
        for (IntelCertificate c : path) {
            if (!c.validAt(now)) {
                throw new EvidenceRejectedException(RejectionReason.CERT_EXPIRED, "PCK certificate chain: " + c
                        + " is not valid at " + now, c.notBefore() + ".." + c.notAfter(), now.toString());
            }
        }
        return path;
    }

    private List<IntelCertificate> fromCollateral(QuoteSignature sig, List<IntelCertificate> pool, Instant now)
            throws EvidenceRejectedException, CollateralUnavailableException, MalformedEvidenceException {
        List<IntelCertificate> leaves = new ArrayList<>();
        if (sig.pckCertification().type() == CertificationData.PCK_LEAF) {
            List<IntelCertificate> leaf = decoded(sig.pckCertification().data());
            if (leaf.size() != 1) {
                throw new MalformedEvidenceException("certification data type 4 must hold one PCK certificate, holds "
                        + leaf.size());
            }
            leaves.addAll(leaf);
        }
        leaves.addAll(pool);
        for (IntelCertificate leaf : leaves) {
            if (PCK_LEAF_CN.equals(leaf.commonName()) && qeSignedBy(sig, leaf)) {
                List<IntelCertificate> chain = new ArrayList<>(List.of(leaf));
                IntelCertificate at = leaf;
                for (int depth = 0; depth < 3 && !at.issuer().equals(at.subject()); depth++) {
                    IntelCertificate issuer = issuerOf(at, pool);
                    if (issuer == null) {
                        break;
                    }
                    chain.add(issuer);
                    at = issuer;
                }
                return validated(chain, now);
            }
        }
        throw new CollateralUnavailableException("pck_certificate", "the quote carries certification data type "
                + sig.pckCertification().type() + " and no supplied PCK certificate signed its QE report");
    }

    private static IntelCertificate issuerOf(IntelCertificate cert, List<IntelCertificate> pool) {
        for (IntelCertificate c : pool) {
            if (c.subject().equals(cert.issuer()) && !c.equals(cert)) {
                return c;
            }
        }
        return null;
    }

    private static boolean qeSignedBy(QuoteSignature sig, IntelCertificate pck) {
        ContentKey key = ContentKey.of(pck.der(), sig.qeReport().raw(), sig.qeReportSignature());
        if (QE_SIGNED.get(key) != null) {
            return true;
        }
        boolean ok = P256.verifyRaw(pck.key(), sig.qeReport().raw(), sig.qeReport().raw().length,
                sig.qeReportSignature());
        if (ok) {
            QE_SIGNED.put(key, Boolean.TRUE);
        }
        return ok;
    }
}
