package io.ccl.tee.dcap.collateral;

import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.tee.dcap.cache.BoundedCache;
import io.ccl.tee.dcap.cache.ContentKey;
import io.ccl.tee.dcap.pki.ChainValidator;
import io.ccl.tee.dcap.pki.IntelCertificate;
import io.ccl.tee.dcap.pki.P256;
import io.ccl.tee.dcap.pki.PinnedRoot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks Intel's signature on a TCB Info or QE Identity: ECDSA P-256 over the exact served bytes of the inner
 * object, by an "Intel SGX TCB Signing" certificate that chains to the pinned root. Signers come from the
 * document's issuer chain, the certificate pool of the collateral, or the bundled TCB signing certificates
 * (the same key was re-issued for 2025-2032; all of them are validated like any supplied chain).
 */
public final class DocumentVerifier {
    /** Common name of the certificate that signs TCB Info and Enclave Identity documents. */
    public static final String TCB_SIGNING_CN = "Intel SGX TCB Signing";
    private static final BoundedCache<ContentKey, Object> PARSED = new BoundedCache<>(64);
    private static final BoundedCache<ContentKey, Boolean> SIGNED = new BoundedCache<>(256);

    private final PinnedRoot root;
    private final List<IntelCertificate> bundledSigners;

    /**
     * A document whose signature verified.
     *
     * @param signerPath the signer and the root
     * @param signerValid whether every certificate of the signer path is valid at the verification time
     */
    public record Verified<T>(SignedDocument document, T content, List<IntelCertificate> signerPath,
            boolean signerValid) {
    }

    public DocumentVerifier(PinnedRoot root, List<IntelCertificate> bundledSigners) {
        this.root = root;
        this.bundledSigners = List.copyOf(bundledSigners);
    }

    /** The TCB Info a document carries (parsed, not yet verified). */
    public TcbInfo parseTcbInfo(SignedDocument d) throws EvidenceRejectedException {
        return parsed(d, TcbInfo::parse);
    }

    /** The QE Identity a document carries (parsed, not yet verified). */
    public QeIdentity parseQeIdentity(SignedDocument d) throws EvidenceRejectedException {
        return parsed(d, QeIdentity::parse);
    }

    /**
     * Verifies the document's signature and its signer's chain (signatures only; validity periods are reported
     * through {@link Verified#signerValid()} for the caller's collateral policy).
     */
    public <T> Verified<T> verify(SignedDocument d, T content, List<IntelCertificate> pool, Instant now)
            throws EvidenceRejectedException {
        List<IntelCertificate> path = signer(d, pool, now);
        return new Verified<>(d, content, path, validAt(path, now));
    }

    /** The parsed content; a signed document that does not follow Intel's data model is invalid collateral. */
    @SuppressWarnings("unchecked")
    private static <T> T parsed(SignedDocument d, java.util.function.Function<byte[], T> parser)
            throws EvidenceRejectedException {
        try {
            return (T) PARSED.computeIfAbsent(ContentKey.of(d.body(), new byte[] {(byte) d.kind().ordinal()}),
                    k -> parser.apply(d.body()));
        } catch (IllegalArgumentException e) {
            throw new EvidenceRejectedException(RejectionReason.COLLATERAL_INVALID, d.kind().title() + " from "
                    + d.source() + " is malformed: " + e.getMessage(), null, null, e);
        }
    }

    private static boolean validAt(List<IntelCertificate> path, Instant now) {
        return path.stream().allMatch(c -> c.validAt(now));
    }

    /**
     * The path of a signer whose signature verifies, preferring one that is valid at {@code now}.
     *
     * @throws EvidenceRejectedException COLLATERAL_INVALID when no TCB signing certificate chaining to the root
     *     verifies the signature
     */
    private List<IntelCertificate> signer(SignedDocument d, List<IntelCertificate> pool, Instant now)
            throws EvidenceRejectedException {
        List<IntelCertificate> fallback = null;
        String chainProblem = null;
        for (IntelCertificate candidate : candidates(d, pool)) {
            if (!signedBy(d, candidate)) {
                continue;
            }
            List<IntelCertificate> path;
            try {
                path = ChainValidator.validateSignatures(List.of(candidate), root, d.kind().title() + " signer");
            } catch (EvidenceRejectedException e) {
                chainProblem = e.getMessage();
                continue;
            }
            if (validAt(path, now)) {
                return path;
            }
            if (fallback == null) {
                fallback = path;
            }
        }
        if (fallback != null) {
            return fallback;
        }
        throw new EvidenceRejectedException(RejectionReason.COLLATERAL_INVALID, d.kind().title() + " from "
                + d.source() + ": " + (chainProblem != null ? chainProblem
                        : "the signature does not verify with any " + TCB_SIGNING_CN + " certificate"));
    }

    private List<IntelCertificate> candidates(SignedDocument d, List<IntelCertificate> pool) {
        Set<IntelCertificate> all = new LinkedHashSet<>(d.issuerChain());
        all.addAll(pool);
        all.addAll(bundledSigners);
        List<IntelCertificate> out = new ArrayList<>();
        for (IntelCertificate c : all) {
            if (TCB_SIGNING_CN.equals(c.commonName())) {
                out.add(c);
            }
        }
        return out;
    }

    private static boolean signedBy(SignedDocument d, IntelCertificate signer) {
        ContentKey key = ContentKey.of(d.body(), d.signature(), signer.der());
        if (SIGNED.get(key) != null) {
            return true;
        }
        boolean ok = P256.verifyRaw(signer.key(), d.body(), d.body().length, d.signature());
        if (ok) {
            SIGNED.put(key, Boolean.TRUE);
        }
        return ok;
    }
}
