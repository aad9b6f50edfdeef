package io.ccl.tee.sevsnp.kds;

import io.ccl.tee.sevsnp.abi.Product;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;

/**
 * An X.509 certificate of the AMD SEV-SNP hierarchy, recognised by its subject common name (KDS
 * specification, AMD 57230, section 2): {@code ARK-<product>}, {@code SEV-<product>} (ASK),
 * {@code SEV-VLEK-<product>} (ASVK), {@code SEV-VCEK}, {@code SEV-VLEK}. Parsed with
 * BouncyCastle; key objects are built once and reused, so a cached instance verifies fast.
 */
public final class AmdCertificate {
    /** The place of a certificate in the hierarchy. */
    public enum Role {
        ARK, ASK, ASVK, VCEK, VLEK
    }

    private static final X9ECParameters P384 = CustomNamedCurves.getByOID(SECObjectIdentifiers.secp384r1);
    private static final ECDomainParameters P384_DOMAIN = new ECDomainParameters(P384);

    private final byte[] der;
    private final Certificate cert;
    private final Role role;
    private final Product product;
    private final int hash;
    private final Instant notBefore;
    private final Instant notAfter;
    private final byte[] subjectDer;
    private final byte[] issuerDer;
    private volatile RSAKeyParameters rsaKey;
    private volatile ECPublicKeyParameters ecKey;
    private volatile KdsExtensions extensions;

    private AmdCertificate(byte[] der, Certificate cert, Role role, Product product) {
        this.der = der;
        this.cert = cert;
        this.role = role;
        this.product = product;
        this.hash = Arrays.hashCode(der);
        this.notBefore = cert.getStartDate().getDate().toInstant();
        this.notAfter = cert.getEndDate().getDate().toInstant();
        try {
            this.subjectDer = cert.getSubject().getEncoded(ASN1Encoding.DER);
            this.issuerDer = cert.getIssuer().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalArgumentException("names do not encode", e);
        }
    }

    /**
     * Parses a DER certificate.
     *
     * @return empty when it parses but is not part of the AMD hierarchy (subject name unknown)
     * @throws IOException when the bytes are not one DER X.509 certificate
     */
    public static Optional<AmdCertificate> parse(byte[] der) throws IOException {
        Certificate cert;
        try {
            cert = Certificate.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (RuntimeException e) {
            throw new IOException("not an X.509 certificate: " + e.getMessage(), e);
        }
        if (cert == null || !Arrays.equals(der, cert.getEncoded(ASN1Encoding.DER))) {
            throw new IOException("not a DER X.509 certificate");
        }
        String cn = commonName(cert.getSubject());
        if (cn == null) {
            return Optional.empty();
        }
        try {
            cert.getStartDate().getDate();
            cert.getEndDate().getDate();
        } catch (RuntimeException e) {
            throw new IOException("certificate validity does not parse", e);
        }
        if (cn.equals("SEV-VCEK")) {
            return Optional.of(new AmdCertificate(der.clone(), cert, Role.VCEK, null));
        }
        if (cn.equals("SEV-VLEK")) {
            return Optional.of(new AmdCertificate(der.clone(), cert, Role.VLEK, null));
        }
        for (Product p : Product.values()) {
            if (cn.equals("ARK-" + p.kdsName())) {
                return Optional.of(new AmdCertificate(der.clone(), cert, Role.ARK, p));
            }
            if (cn.equals("SEV-" + p.kdsName())) {
                return Optional.of(new AmdCertificate(der.clone(), cert, Role.ASK, p));
            }
            if (cn.equals("SEV-VLEK-" + p.kdsName())) {
                return Optional.of(new AmdCertificate(der.clone(), cert, Role.ASVK, p));
            }
        }
        return Optional.empty();
    }

    /** The common name of {@code name}, or null. */
    public static String commonName(X500Name name) {
        RDN[] rdns = name.getRDNs(BCStyle.CN);
        return rdns.length == 1 && !rdns[0].isMultiValued() ? IETFUtils.valueToString(rdns[0].getFirst().getValue())
                : null;
    }

    public Role role() {
        return role;
    }

    /** The product a root or signing key belongs to (from its name); empty for VCEK and VLEK. */
    public Optional<Product> product() {
        return Optional.ofNullable(product);
    }

    /** A copy of the DER encoding. */
    public byte[] der() {
        return der.clone();
    }

    /** Equal when the DER bytes are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof AmdCertificate c && hash == c.hash && Arrays.equals(der, c.der);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    public X500Name subject() {
        return cert.getSubject();
    }

    public X500Name issuer() {
        return cert.getIssuer();
    }

    public BigInteger serial() {
        return cert.getSerialNumber().getValue();
    }

    public Instant notBefore() {
        return notBefore;
    }

    public Instant notAfter() {
        return notAfter;
    }

    /**
     * True when this certificate's issuer name is byte for byte the subject name of
     * {@code issuer} (stricter than RFC 5280 name matching; AMD's names are identical bytes).
     */
    public boolean namesIssuer(AmdCertificate issuer) {
        return Arrays.equals(issuerDer, issuer.subjectDer);
    }

    /** True when the subject name is byte for byte {@code name} (e.g. the issuer of a CRL). */
    public boolean subjectIs(X500Name name) {
        try {
            return Arrays.equals(subjectDer, name.getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            return false;
        }
    }

    /** True when {@code now} lies in [notBefore, notAfter]. */
    public boolean validAt(Instant now) {
        return !now.isBefore(notBefore()) && !now.isAfter(notAfter());
    }

    /** The DER bytes the issuer signed. */
    public byte[] tbs() throws IOException {
        return cert.getTBSCertificate().getEncoded(ASN1Encoding.DER);
    }

    public AlgorithmIdentifier signatureAlgorithm() {
        return cert.getSignatureAlgorithm();
    }

    /** True when the signature algorithm inside the signed part equals the outer one (RFC 5280 4.1.1.2). */
    public boolean signatureAlgorithmsAgree() {
        return cert.getSignatureAlgorithm().equals(cert.getTBSCertificate().getSignature());
    }

    public byte[] signature() {
        return cert.getSignature().getOctets();
    }

    /** True for a version 3 certificate with basicConstraints cA=TRUE. */
    public boolean isCa() {
        BasicConstraints bc = BasicConstraints.fromExtensions(cert.getTBSCertificate().getExtensions());
        return bc != null && bc.isCA();
    }

    /** The RSA key of an ARK, ASK or ASVK. */
    public RSAKeyParameters rsaKey() throws InvalidCertificateException {
        RSAKeyParameters key = rsaKey;
        if (key == null) {
            SubjectPublicKeyInfo spki = cert.getSubjectPublicKeyInfo();
            ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
            if (!alg.equals(PKCSObjectIdentifiers.rsaEncryption) && !alg.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
                throw new InvalidCertificateException(role + " key is not an RSA key: " + alg);
            }
            try {
                RSAPublicKey rsa = RSAPublicKey.getInstance(spki.parsePublicKey());
                key = new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent());
            } catch (IOException | RuntimeException e) {
                throw new InvalidCertificateException(role + " RSA key does not parse: " + e.getMessage());
            }
            if (key.getModulus().bitLength() < 2048) {
                throw new InvalidCertificateException(role + " RSA key is shorter than 2048 bits");
            }
            rsaKey = key;
        }
        return key;
    }

    /** The P-384 key of a VCEK or VLEK (KDS specification, Table 6: secp384r1). */
    public ECPublicKeyParameters ecKey() throws InvalidCertificateException {
        ECPublicKeyParameters key = ecKey;
        if (key == null) {
            SubjectPublicKeyInfo spki = cert.getSubjectPublicKeyInfo();
            AlgorithmIdentifier alg = spki.getAlgorithm();
            if (!alg.getAlgorithm().equals(X9ObjectIdentifiers.id_ecPublicKey)
                    || !SECObjectIdentifiers.secp384r1.equals(alg.getParameters())) {
                throw new InvalidCertificateException(role + " key is not an EC P-384 key");
            }
            try {
                key = new ECPublicKeyParameters(P384.getCurve().decodePoint(spki.getPublicKeyData().getOctets()),
                        P384_DOMAIN);
            } catch (RuntimeException e) {
                throw new InvalidCertificateException(role + " P-384 point is invalid: " + e.getMessage());
            }
            ecKey = key;
        }
        return key;
    }

    /** The AMD extensions of a VCEK or VLEK. */
    public KdsExtensions kdsExtensions() throws InvalidCertificateException {
        KdsExtensions ext = extensions;
        if (ext == null) {
            ext = KdsExtensions.read(cert.getTBSCertificate().getExtensions(), role == Role.VCEK);
            extensions = ext;
        }
        return ext;
    }

    @Override
    public String toString() {
        return role + "[" + commonName(subject()) + ", serial " + serial().toString(16) + "]";
    }
}
