package io.ccl.tee.sevsnp;

import io.ccl.tee.sevsnp.abi.Product;
import io.ccl.tee.sevsnp.verify.TrustedRoots;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test AMD hierarchy with our own keys: ARK and ASK (RSA-2048, RSASSA-PSS SHA-384 like AMD's),
 * VCEKs (P-384) with KDS extensions, CRLs signed by the ARK, and synthetic reports signed by a
 * VCEK. Everything is generated here at test time; nothing of it is real AMD material.
 */
public final class TestHierarchy {
    public static final BouncyCastleProvider BC = new BouncyCastleProvider();
    public static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
    private static final String PSS = "SHA384withRSAandMGF1";
    private static final SecureRandom RANDOM = new SecureRandom();

    public final Product product;
    public final KeyPair arkKeys;
    public final KeyPair askKeys;
    public final byte[] ark;
    public final byte[] ask;
    public final BigInteger askSerial = BigInteger.valueOf(0x10001);

    /** A Milan/Genoa/Turin hierarchy; keys are generated once per product and JVM. */
    public static TestHierarchy of(Product product) {
        return Cache.HIERARCHIES[product.ordinal()];
    }

    private static final class Cache {
        static final TestHierarchy[] HIERARCHIES = {new TestHierarchy(Product.MILAN), new TestHierarchy(Product.GENOA),
            new TestHierarchy(Product.TURIN)};
    }

    private TestHierarchy(Product product) {
        try {
            this.product = product;
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048, RANDOM);
            this.arkKeys = rsa.generateKeyPair();
            this.askKeys = rsa.generateKeyPair();
            this.ark = ca(name("ARK-" + product.kdsName()), name("ARK-" + product.kdsName()), BigInteger.valueOf(0x10000),
                    arkKeys.getPublic(), arkKeys.getPrivate());
            this.ask = ca(name("SEV-" + product.kdsName()), name("ARK-" + product.kdsName()), askSerial,
                    askKeys.getPublic(), arkKeys.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Roots pinning this hierarchy's ARK and ASK. */
    public TrustedRoots roots() {
        return TrustedRoots.of(List.of(ark, ask));
    }

    /** An AMD-style distinguished name with the given common name. */
    public static X500Name name(String cn) {
        return new X500Name("OU=Engineering,C=US,L=Santa Clara,ST=CA,O=Advanced Micro Devices,CN=" + cn);
    }

    /** A fresh P-384 key pair for a VCEK. */
    public static KeyPair p384() {
        try {
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(new ECGenParameterSpec("secp384r1"), RANDOM);
            return ec.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What goes into a VCEK. */
    public record VcekSpec(String productName, byte[] hwid, int bl, int tee, int snp, int ucode, int fmc,
            Instant notBefore, Instant notAfter) {
    }

    /** The default VCEK spec of this product: hwid 0x11.., TCB bl=3 tee=0 snp=8 ucode=115 (fmc=1 on Turin). */
    public VcekSpec spec() {
        byte[] hwid = new byte[product.hwidLength()];
        Arrays.fill(hwid, (byte) 0x11);
        return new VcekSpec(product.kdsName() + "-B0", hwid, 3, 0, 8, 115, product.fmcLayout() ? 1 : -1,
                NOW.minusSeconds(86400L * 365), NOW.plusSeconds(86400L * 365 * 6));
    }

    /** A VCEK certificate (DER) for {@code key}, issued by this ASK. */
    public byte[] vcek(VcekSpec s, PublicKey key) throws Exception {
        ASN1ObjectIdentifier amd = new ASN1ObjectIdentifier("1.3.6.1.4.1.3704.1");
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name("SEV-" + product.kdsName()), BigInteger.ZERO,
                Date.from(s.notBefore()), Date.from(s.notAfter()), name("SEV-VCEK"), key);
        b.addExtension(amd.branch("1"), false, new ASN1Integer(0));
        b.addExtension(amd.branch("2"), false, new DERIA5String(s.productName()));
        b.addExtension(amd.branch("3.1"), false, new ASN1Integer(s.bl()));
        b.addExtension(amd.branch("3.2"), false, new ASN1Integer(s.tee()));
        b.addExtension(amd.branch("3.3"), false, new ASN1Integer(s.snp()));
        b.addExtension(amd.branch("3.8"), false, new ASN1Integer(s.ucode()));
        if (s.fmc() >= 0) {
            b.addExtension(amd.branch("3.9"), false, new ASN1Integer(s.fmc()));
        }
        b.addExtension(new Extension(amd.branch("4"), false, new DEROctetString(s.hwid())));
        return b.build(signer(askKeys.getPrivate())).getEncoded();
    }

    /** A CRL of this ARK revoking {@code serials}, valid [thisUpdate, nextUpdate]. */
    public byte[] crl(Instant thisUpdate, Instant nextUpdate, PrivateKey signer, BigInteger... serials) throws Exception {
        X509v2CRLBuilder b = new X509v2CRLBuilder(name("ARK-" + product.kdsName()), Date.from(thisUpdate));
        b.setNextUpdate(Date.from(nextUpdate));
        for (BigInteger s : serials) {
            b.addCRLEntry(s, Date.from(thisUpdate), 1);
        }
        return b.build(signer(signer)).getEncoded();
    }

    /** A current CRL ({@link #NOW} ± 30 days) signed by this ARK. */
    public byte[] crl(BigInteger... serials) throws Exception {
        return crl(NOW.minusSeconds(86400L * 30), NOW.plusSeconds(86400L * 30), arkKeys.getPrivate(), serials);
    }

    private static byte[] ca(X500Name subject, X500Name issuer, BigInteger serial, PublicKey key, PrivateKey signer)
            throws Exception {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial,
                Date.from(Instant.parse("2020-01-01T00:00:00Z")), Date.from(Instant.parse("2045-01-01T00:00:00Z")),
                subject, key);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        return b.build(signer(signer)).getEncoded();
    }

    static ContentSigner signer(PrivateKey key) throws Exception {
        return new JcaContentSignerBuilder(PSS).setProvider(BC).build(key);
    }

    /** Signs bytes 0x000-0x29F of a report in place with a P-384 key (R, S little-endian, 72 bytes each). */
    public static void sign(byte[] report, PrivateKey vcekKey) {
        try {
            Signature ecdsa = Signature.getInstance("SHA384withECDSA", BC);
            ecdsa.initSign(vcekKey);
            ecdsa.update(report, 0, 0x2A0);
            ASN1Sequence seq = ASN1Sequence.getInstance(ecdsa.sign());
            Arrays.fill(report, 0x2A0, 0x4A0, (byte) 0);
            putLittleEndian(report, 0x2A0, ASN1Integer.getInstance(seq.getObjectAt(0)).getValue());
            putLittleEndian(report, 0x2E8, ASN1Integer.getInstance(seq.getObjectAt(1)).getValue());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putLittleEndian(byte[] out, int offset, BigInteger value) {
        byte[] be = value.toByteArray();
        for (int i = 0; i < be.length && i < 72; i++) {
            out[offset + i] = be[be.length - 1 - i];
        }
    }
}
