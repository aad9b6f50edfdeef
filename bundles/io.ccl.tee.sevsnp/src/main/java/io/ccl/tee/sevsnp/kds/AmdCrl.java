package io.ccl.tee.sevsnp.kds;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.asn1.x509.TBSCertList;

/**
 * An X.509 CRL as the KDS serves it ({@code /vcek/v1/{product}/crl}, KDS specification AMD 57230,
 * section 4.3): issued and signed (RSASSA-PSS) by the product's ARK, listing revoked ASKs and ASVKs.
 */
public final class AmdCrl {
    private final byte[] der;
    private final CertificateList crl;
    private final int hash;

    private AmdCrl(byte[] der, CertificateList crl) {
        this.der = der;
        this.crl = crl;
        this.hash = Arrays.hashCode(der);
    }

    /** Parses a DER CRL. @throws IOException when the bytes are not one DER CRL */
    public static AmdCrl parse(byte[] der) throws IOException {
        CertificateList crl;
        try {
            crl = CertificateList.getInstance(ASN1Primitive.fromByteArray(der));
            if (crl == null || !Arrays.equals(der, crl.getEncoded(ASN1Encoding.DER))) {
                throw new IOException("not a DER CRL");
            }
            // Touch the fields a verifier reads so structural errors surface here.
            crl.getThisUpdate().getDate();
            crl.getRevokedCertificateEnumeration();
        } catch (RuntimeException e) {
            throw new IOException("not an X.509 CRL: " + e.getMessage(), e);
        }
        return new AmdCrl(der.clone(), crl);
    }

    public byte[] der() {
        return der.clone();
    }

    public X500Name issuer() {
        return crl.getIssuer();
    }

    public Instant thisUpdate() {
        return crl.getThisUpdate().getDate().toInstant();
    }

    public Optional<Instant> nextUpdate() {
        return Optional.ofNullable(crl.getNextUpdate()).map(t -> t.getDate().toInstant());
    }

    /** True when {@code now} lies in [thisUpdate, nextUpdate]. */
    public boolean currentAt(Instant now) {
        return !now.isBefore(thisUpdate()) && nextUpdate().map(n -> !now.isAfter(n)).orElse(true);
    }

    public AlgorithmIdentifier signatureAlgorithm() {
        return crl.getSignatureAlgorithm();
    }

    /** True when the signature algorithm inside the signed part equals the outer one. */
    public boolean signatureAlgorithmsAgree() {
        return crl.getSignatureAlgorithm().equals(crl.getTBSCertList().getSignature());
    }

    public byte[] tbs() throws IOException {
        return crl.getTBSCertList().getEncoded(ASN1Encoding.DER);
    }

    public byte[] signature() {
        return crl.getSignature().getOctets();
    }

    /** True when the CRL lists {@code serial}. */
    public boolean revokes(BigInteger serial) {
        TBSCertList.CRLEntry[] entries = crl.getRevokedCertificates();
        for (TBSCertList.CRLEntry e : entries) {
            if (e.getUserCertificate().getValue().equals(serial)) {
                return true;
            }
        }
        return false;
    }

    /** Equal when the DER bytes are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof AmdCrl c && hash == c.hash && Arrays.equals(der, c.der);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
