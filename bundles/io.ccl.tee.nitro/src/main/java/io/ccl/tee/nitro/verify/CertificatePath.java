package io.ccl.tee.nitro.verify;

import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.RejectionReason;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The Nitro certificate path {@code certificate → cabundle[n-1] → … → cabundle[1] → cabundle[0]},
 * where {@code cabundle[0]} is the pinned root (aws-nitro-enclaves-nsm-api,
 * docs/attestation_process.md §3.2.2 "Certificates validity"). Every certificate must be valid at
 * the given time, every issuer must be a CA whose name matches and whose key verifies the
 * signature, and the leaf must carry an EC P-384 key (§3.3: the document is signed ES384).
 */
final class CertificatePath {
    /** BouncyCastle, not registered globally: a private instance is enough and never clashes. */
    static final Provider PROVIDER = new BouncyCastleProvider();
    /** Distinct paths remembered; a Nitro host rotates its leaf every few hours. */
    private static final int CACHE_SIZE = 256;

    /** A path whose names, CA flags and signatures were checked, with the leaf key ready for ES384. */
    record Verified(List<X509Certificate> chain, PublicKey leafKey) {
        X509Certificate leaf() {
            return chain.get(chain.size() - 1);
        }
    }

    private final TrustedRoot root;
    // Signature checks are the expensive part (STACK.md: ~1 ms per P-384 verify); validity is
    // time-dependent and is re-checked on every call, so only time-independent results are cached.
    private final Map<String, Verified> cache = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    CertificatePath(TrustedRoot root) {
        this.root = root;
    }

    /** Checks the path at {@code at}; returns it with the leaf key. */
    Verified verify(byte[] leafDer, List<byte[]> cabundle, Instant at)
            throws MalformedEvidenceException, EvidenceRejectedException {
        String key = cacheKey(leafDer, cabundle);
        Verified known;
        synchronized (cache) {
            known = cache.get(key);
        }
        if (known == null) {
            known = verifyUncached(leafDer, cabundle);
            synchronized (cache) {
                cache.put(key, known);
            }
        }
        Date when = Date.from(at);
        for (int i = 0; i < known.chain().size(); i++) {
            validity(known.chain().get(i), i == known.chain().size() - 1 ? "certificate" : "cabundle[" + i + "]", when, at);
        }
        return known;
    }

    private Verified verifyUncached(byte[] leafDer, List<byte[]> cabundle)
            throws MalformedEvidenceException, EvidenceRejectedException {
        if (cabundle.isEmpty()) {
            throw new EvidenceRejectedException(RejectionReason.UNTRUSTED_ROOT, "cabundle is empty: no path to the pinned root",
                    root.sha256(), "none");
        }
        if (!root.matches(cabundle.get(0))) {
            throw new EvidenceRejectedException(RejectionReason.UNTRUSTED_ROOT,
                    "cabundle[0] is not the pinned Nitro root", root.sha256(), TrustedRoot.sha256(cabundle.get(0)));
        }
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(root.certificate());
        for (int i = 1; i < cabundle.size(); i++) {
            chain.add(parse(cabundle.get(i), "cabundle[" + i + "]"));
        }
        X509Certificate leaf = parse(leafDer, "certificate");
        chain.add(leaf);
        for (int i = 1; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            String name = i == chain.size() - 1 ? "certificate" : "cabundle[" + i + "]";
            X509Certificate issuer = chain.get(i - 1);
            if (issuer.getBasicConstraints() < 0) {
                throw new EvidenceRejectedException(RejectionReason.CERT_CHAIN_INVALID, name + "'s issuer is not a CA");
            }
            boolean[] usage = issuer.getKeyUsage();
            if (usage != null && (usage.length < 6 || !usage[5])) {
                throw new EvidenceRejectedException(RejectionReason.CERT_CHAIN_INVALID, name + "'s issuer may not sign certificates");
            }
            // pathLenConstraint: the issuer allows at most that many CA certificates below it.
            int casBelow = chain.size() - 2 - (i - 1);
            if (issuer.getBasicConstraints() != Integer.MAX_VALUE && casBelow > issuer.getBasicConstraints()) {
                throw new EvidenceRejectedException(RejectionReason.CERT_CHAIN_INVALID, name + " exceeds its issuer's path length");
            }
            if (!issuer.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                throw new EvidenceRejectedException(RejectionReason.CERT_CHAIN_INVALID, name + " names another issuer",
                        issuer.getSubjectX500Principal().getName(), c.getIssuerX500Principal().getName());
            }
            try {
                c.verify(issuer.getPublicKey(), PROVIDER);
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new EvidenceRejectedException(RejectionReason.CERT_CHAIN_INVALID,
                        name + "'s signature does not verify with its issuer", null, null, e);
            }
        }
        if (!(leaf.getPublicKey() instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 384) {
            throw new EvidenceRejectedException(RejectionReason.UNSUPPORTED_ALGORITHM,
                    "signing certificate key is not EC P-384", "EC P-384", leaf.getPublicKey().getAlgorithm());
        }
        try {
            PublicKey bcKey = KeyFactory.getInstance("EC", PROVIDER)
                    .generatePublic(new X509EncodedKeySpec(leaf.getPublicKey().getEncoded()));
            return new Verified(List.copyOf(chain), bcKey);
        } catch (GeneralSecurityException e) {
            throw new EvidenceRejectedException(RejectionReason.UNSUPPORTED_ALGORITHM, "signing key is not usable", null,
                    null, e);
        }
    }

    private static String cacheKey(byte[] leafDer, List<byte[]> cabundle) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] c : cabundle) {
                sha.update(ByteBuffer.allocate(4).putInt(c.length).array());
                sha.update(c);
            }
            sha.update(ByteBuffer.allocate(4).putInt(leafDer.length).array());
            sha.update(leafDer);
            return HexFormat.of().formatHex(sha.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static void validity(X509Certificate c, String name, Date when, Instant at) throws EvidenceRejectedException {
        try {
            c.checkValidity(when);
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new EvidenceRejectedException(RejectionReason.CERT_EXPIRED, name + " is not valid at " + at,
                    c.getNotBefore().toInstant() + ".." + c.getNotAfter().toInstant(), at.toString());
        }
    }

    private static X509Certificate parse(byte[] der, String name) throws MalformedEvidenceException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new MalformedEvidenceException(name + " is not a DER X.509 certificate", e);
        }
    }
}
