package io.ccl.tee.dcap.pki;

import io.ccl.tee.dcap.cache.BoundedCache;
import io.ccl.tee.dcap.cache.ContentKey;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A certificate revocation list of the Intel SGX PKI (Intel SGX PCK Certificate and CRL Profile
 * Specification, section 2): the Root CA CRL or a PCK Platform/Processor CA CRL. Accepts DER, PEM or the
 * hex text PCCS serves. Parsed lists are cached by content.
 */
public final class RevocationList {
    private static final BoundedCache<ContentKey, RevocationList> CACHE = new BoundedCache<>(64);

    private final X509CRL crl;
    private final byte[] der;
    private final Instant thisUpdate;
    private final Instant nextUpdate;
    private final String issuer;
    private final Set<ContentKey> verifiedIssuers = ConcurrentHashMap.newKeySet();

    private RevocationList(X509CRL crl, byte[] der) {
        this.crl = crl;
        this.der = der;
        this.thisUpdate = crl.getThisUpdate().toInstant();
        this.nextUpdate = crl.getNextUpdate() == null ? Instant.MIN : crl.getNextUpdate().toInstant();
        this.issuer = crl.getIssuerX500Principal().getName();
    }

    /**
     * Parses a CRL given as DER, PEM ({@code X509 CRL}) or hex text.
     *
     * @throws IllegalArgumentException when it is none of these
     */
    public static RevocationList parse(byte[] data) {
        byte[] der = toDer(data);
        return CACHE.computeIfAbsent(ContentKey.owning(der), k -> decode(der));
    }

    /** True when the bytes decode as a CRL in one of the accepted encodings. */
    public static boolean looksLikeCrl(byte[] data) {
        try {
            parse(data);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] toDer(byte[] data) {
        String text = new String(data, StandardCharsets.US_ASCII).trim();
        if (text.startsWith("-----BEGIN X509 CRL-----")) {
            int end = text.indexOf("-----END X509 CRL-----");
            if (end < 0) {
                throw new IllegalArgumentException("unterminated PEM CRL");
            }
            return Base64.getMimeDecoder().decode(text.substring("-----BEGIN X509 CRL-----".length(), end));
        }
        if (!text.isEmpty() && text.length() % 2 == 0 && text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return HexFormat.of().parseHex(text);
        }
        return data.clone();
    }

    private static RevocationList decode(byte[] der) {
        if (der.length == 0 || der[0] != 0x30 || CertificateChainCodec.derLength(der, 0) != der.length) {
            throw new IllegalArgumentException("not a DER CRL");
        }
        try {
            X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
            return new RevocationList(crl, der);
        } catch (CRLException | CertificateException | ClassCastException e) {
            throw new IllegalArgumentException("not an X.509 CRL: " + e.getMessage(), e);
        }
    }

    /** The issuer in RFC 2253 form. */
    public String issuer() {
        return issuer;
    }

    public Instant thisUpdate() {
        return thisUpdate;
    }

    public Instant nextUpdate() {
        return nextUpdate;
    }

    public boolean validAt(Instant now) {
        return !now.isBefore(thisUpdate) && !now.isAfter(nextUpdate);
    }

    /** The DER encoding (not a copy). */
    public byte[] der() {
        return der;
    }

    /** True when {@code issuer} issued this list: names match and its signature verifies (ecdsa-with-SHA256). */
    public boolean issuedBy(IntelCertificate issuer) {
        if (!issuer().equals(issuer.subject()) || !IntelCertificate.ECDSA_WITH_SHA256.equals(crl.getSigAlgOID())) {
            return false;
        }
        ContentKey key = ContentKey.owning(issuer.der());
        if (verifiedIssuers.contains(key)) {
            return true;
        }
        try {
            boolean ok = P256.verifyDer(issuer.key(), crl.getTBSCertList(), crl.getSignature());
            if (ok) {
                verifiedIssuers.add(key);
            }
            return ok;
        } catch (CRLException e) {
            return false;
        }
    }

    /** True when the list names the certificate's serial number. */
    public boolean revokes(IntelCertificate cert) {
        return cert.issuer().equals(issuer()) && crl.getRevokedCertificate(cert.certificate().getSerialNumber()) != null;
    }

    @Override
    public String toString() {
        return "CRL of " + issuer() + " (" + thisUpdate + ".." + nextUpdate + ")";
    }
}
