package io.ccl.keys.admin;

import java.math.BigInteger;
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
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away CA issuing the TLS server certificate and the client certificates of the tests. */
public final class TestPki {
    private static final char[] PASSWORD = "test".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key pair and its certificate chain (leaf first). */
    public record Identity(KeyPair keys, X509Certificate certificate, X509Certificate ca) {
        public KeyStore keyStore() throws Exception {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("id", keys.getPrivate(), PASSWORD, new X509Certificate[] {certificate, ca});
            return ks;
        }

        /** An SSL context presenting this identity and trusting the CA. */
        SSLContext clientContext(TestPki pki) throws Exception {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore(), PASSWORD);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), pki.trustManagers(), RANDOM);
            return ctx;
        }
    }

    private final KeyPair caKeys;
    public final X509Certificate ca;

    public TestPki() throws Exception {
        caKeys = ecKeys();
        Instant now = Instant.now();
        ca = sign(new X500Name("CN=CCL test admin CA"), caKeys, new X500Name("CN=CCL test admin CA"), caKeys,
                now.minus(1, ChronoUnit.DAYS), now.plus(30, ChronoUnit.DAYS), true, false);
    }

    public Identity issue(String subject, boolean server) throws Exception {
        KeyPair keys = ecKeys();
        Instant now = Instant.now();
        // Encoded as X500Principal does (RFC 4514 order), not in BouncyCastle's literal order.
        X500Name name = X500Name.getInstance(new javax.security.auth.x500.X500Principal(subject).getEncoded());
        X509Certificate cert = sign(name, keys, new X500Name("CN=CCL test admin CA"), caKeys,
                now.minus(1, ChronoUnit.DAYS), now.plus(30, ChronoUnit.DAYS), false, server);
        return new Identity(keys, cert, ca);
    }

    KeyStore trustStore() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", ca);
        return ks;
    }

    javax.net.ssl.TrustManager[] trustManagers() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore());
        return tmf.getTrustManagers();
    }

    static String password() {
        return new String(PASSWORD);
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
            Instant from, Instant to, boolean isCa, boolean server) throws Exception {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).add(BigInteger.ONE),
                Date.from(from), Date.from(to), subject, subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (server) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        }
        return new JcaX509CertificateConverter().getCertificate(b.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }
}
