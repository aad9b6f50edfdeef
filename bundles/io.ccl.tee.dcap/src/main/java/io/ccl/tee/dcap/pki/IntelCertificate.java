package io.ccl.tee.dcap.pki;

import io.ccl.tee.dcap.cache.BoundedCache;
import io.ccl.tee.dcap.cache.ContentKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

/**
 * An X.509 certificate of the Intel SGX PKI: parsed by the JDK, required to be strict DER (BouncyCastle
 * re-encodes it byte for byte, and the signature BIT STRING has no unused bits), with its P-256 key ready
 * for BouncyCastle. Parsed certificates are cached by their DER bytes.
 */
public final class IntelCertificate {
    /** ecdsa-with-SHA256, the only signature algorithm of the Intel SGX PKI. */
    public static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final BoundedCache<ContentKey, IntelCertificate> CACHE = new BoundedCache<>(256);

    private final X509Certificate certificate;
    private final byte[] der;
    private final ECPublicKeyParameters key;
    private final Instant notBefore;
    private final Instant notAfter;
    private final String subject;
    private final String issuer;
    private final int hash;

    private IntelCertificate(X509Certificate certificate, byte[] der, ECPublicKeyParameters key) {
        this.certificate = certificate;
        this.der = der;
        this.key = key;
        this.notBefore = certificate.getNotBefore().toInstant();
        this.notAfter = certificate.getNotAfter().toInstant();
        this.subject = certificate.getSubjectX500Principal().getName();
        this.issuer = certificate.getIssuerX500Principal().getName();
        this.hash = Arrays.hashCode(der);
    }

    /**
     * Parses one DER certificate.
     *
     * @throws IllegalArgumentException when the bytes are not one strict-DER X.509 certificate with a P-256 key
     */
    public static IntelCertificate parse(byte[] der) {
        byte[] copy = der.clone();
        return CACHE.computeIfAbsent(ContentKey.owning(copy), k -> decode(copy));
    }

    private static IntelCertificate decode(byte[] der) {
        try {
            Certificate structure = Certificate.getInstance(ASN1Primitive.fromByteArray(der));
            if (!Arrays.equals(structure.getEncoded("DER"), der) || structure.getSignature().getPadBits() != 0) {
                throw new IllegalArgumentException("certificate is not strict DER");
            }
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            ECPublicKeyParameters key = P256.subjectPublicKeyInfo(cert.getPublicKey().getEncoded());
            return new IntelCertificate(cert, der, key);
        } catch (IOException | CertificateException | ClassCastException e) {
            throw new IllegalArgumentException("not an X.509 certificate: " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The DER encoding (not a copy: callers must not modify it). */
    public byte[] der() {
        return der;
    }

    public ECPublicKeyParameters key() {
        return key;
    }

    /** The subject in RFC 2253 form. */
    public String subject() {
        return subject;
    }

    /** The issuer in RFC 2253 form. */
    public String issuer() {
        return issuer;
    }

    /** The subject's common name, or the whole subject when it has none. */
    public String commonName() {
        for (String part : subject().split(",")) {
            if (part.startsWith("CN=")) {
                return part.substring(3);
            }
        }
        return subject();
    }

    public Instant notBefore() {
        return notBefore;
    }

    public Instant notAfter() {
        return notAfter;
    }

    public boolean validAt(Instant now) {
        return !now.isBefore(notBefore) && !now.isAfter(notAfter);
    }

    /** True when this certificate's signature verifies with {@code issuer}'s key (ecdsa-with-SHA256 only). */
    public boolean signedBy(IntelCertificate issuer) {
        if (!ECDSA_WITH_SHA256.equals(certificate.getSigAlgOID())) {
            return false;
        }
        try {
            return P256.verifyDer(issuer.key, certificate.getTBSCertificate(), certificate.getSignature());
        } catch (java.security.cert.CertificateEncodingException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof IntelCertificate c && c.hash == hash && Arrays.equals(c.der, der);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return commonName() + " (serial " + certificate.getSerialNumber().toString(16) + ")";
    }
}
