package io.ccl.keys.vault.fake;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test PKI made at run time with BouncyCastle: an EC P-256 CA and a server certificate for
 * {@code localhost} / {@code 127.0.0.1} (or other names) signed by it.
 */
public final class FakeTls {
    private final X509Certificate ca;
    private final X509Certificate server;
    private final KeyPair serverKeys;

    private FakeTls(X509Certificate ca, X509Certificate server, KeyPair serverKeys) {
        this.ca = ca;
        this.server = server;
        this.serverKeys = serverKeys;
    }

    /** A CA and a server certificate for {@code localhost} and {@code 127.0.0.1}. */
    public static FakeTls generate(String caName) throws GeneralSecurityException {
        return generate(caName, "localhost", "127.0.0.1");
    }

    /** A CA and a server certificate for the given DNS name and IP address. */
    public static FakeTls generate(String caName, String dns, String ip) throws GeneralSecurityException {
        try {
            KeyPair caKeys = ecKeys();
            X500Name caSubject = new X500Name("CN=" + caName);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            X509v3CertificateBuilder caBuilder = new JcaX509v3CertificateBuilder(caSubject, serial(), Date.from(now.minus(1, ChronoUnit.HOURS)),
                    Date.from(now.plus(2, ChronoUnit.DAYS)), caSubject, caKeys.getPublic());
            caBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            caBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate ca = sign(caBuilder, caKeys);

            KeyPair serverKeys = ecKeys();
            X509v3CertificateBuilder sb = new JcaX509v3CertificateBuilder(caSubject, serial(), Date.from(now.minus(1, ChronoUnit.HOURS)),
                    Date.from(now.plus(2, ChronoUnit.DAYS)), new X500Name("CN=" + dns), serverKeys.getPublic());
            sb.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            sb.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            sb.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            sb.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, dns), new GeneralName(GeneralName.iPAddress, ip)}));
            return new FakeTls(ca, sign(sb, caKeys), serverKeys);
        } catch (IOException | OperatorCreationException e) {
            throw new GeneralSecurityException("cannot make test certificates", e);
        }
    }

    public X509Certificate ca() {
        return ca;
    }

    /** The server's SSL context (key and chain), TLS. */
    public SSLContext serverContext() throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] pw = "fake".toCharArray();
        ks.setKeyEntry("server", serverKeys.getPrivate(), pw, new X509Certificate[] {server, ca});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, pw);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, new SecureRandom());
        return context;
    }

    /** Writes the CA certificate as a PEM bundle. */
    public Path writeCaBundle(Path file) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(ca);
        }
        Files.writeString(file, out.toString(), StandardCharsets.US_ASCII);
        return file;
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom()).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }
}
