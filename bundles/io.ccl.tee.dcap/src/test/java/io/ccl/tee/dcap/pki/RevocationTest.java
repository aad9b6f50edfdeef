package io.ccl.tee.dcap.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.RejectionReason;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * Chain validation and revocation on a throw-away P-256 PKI shaped like Intel's (root → CA → leaf), generated
 * here: Intel's published CRLs revoke none of the sample PCK certificates.
 */
class RevocationTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    private static KeyPair key() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static IntelCertificate cert(String subject, KeyPair subjectKey, String issuer, KeyPair issuerKey,
            long serial, boolean ca) throws Exception {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(serial),
                Date.from(NOW.minus(1, ChronoUnit.DAYS)), Date.from(NOW.plus(365, ChronoUnit.DAYS)),
                new X500Name(subject), subjectKey.getPublic());
        if (ca) {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        }
        return IntelCertificate.parse(b.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(issuerKey.getPrivate())).getEncoded());
    }

    private static RevocationList crl(String issuer, KeyPair issuerKey, long... revoked) throws Exception {
        X509v2CRLBuilder b = new X509v2CRLBuilder(new X500Name(issuer), Date.from(NOW.minus(1, ChronoUnit.DAYS)));
        b.setNextUpdate(Date.from(NOW.plus(30, ChronoUnit.DAYS)));
        for (long s : revoked) {
            b.addCRLEntry(BigInteger.valueOf(s), Date.from(NOW.minus(1, ChronoUnit.HOURS)), 1);
        }
        return RevocationList.parse(b.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(issuerKey.getPrivate())).getEncoded());
    }

    @Test
    void revokedLeafIsRejectedAndMissingCrlsAreNamed() throws Exception {
        KeyPair rootKey = key();
        KeyPair caKey = key();
        KeyPair leafKey = key();
        String rootName = "CN=Test Root CA,O=Test";
        String caName = "CN=Test PCK CA,O=Test";
        IntelCertificate root = cert(rootName, rootKey, rootName, rootKey, 1, true);
        IntelCertificate ca = cert(caName, caKey, rootName, rootKey, 2, true);
        IntelCertificate leaf = cert("CN=Test PCK Certificate,O=Test", leafKey, caName, caKey, 3, false);
        PinnedRoot pinned = PinnedRoot.of(root);
        List<IntelCertificate> path = ChainValidator.validate(List.of(leaf, ca), pinned, NOW, "test chain");
        assertEquals(3, path.size());

        Revocation.Outcome none = Revocation.check(path, List.of(), NOW, "test chain");
        assertEquals(List.of("pck_crl", "root_ca_crl"), List.copyOf(none.missing()));

        RevocationList rootCrl = crl(rootName, rootKey);
        Revocation.Outcome clean = Revocation.check(path, List.of(crl(caName, caKey, 99), rootCrl), NOW, "test chain");
        assertTrue(clean.complete());

        EvidenceRejectedException revoked = assertThrows(EvidenceRejectedException.class,
                () -> Revocation.check(path, List.of(crl(caName, caKey, 3), rootCrl), NOW, "test chain"));
        assertEquals(RejectionReason.CERT_REVOKED, revoked.reason());

        EvidenceRejectedException caRevoked = assertThrows(EvidenceRejectedException.class,
                () -> Revocation.check(path, List.of(crl(rootName, rootKey, 2)), NOW, "test chain"));
        assertEquals(RejectionReason.CERT_REVOKED, caRevoked.reason());

        EvidenceRejectedException forged = assertThrows(EvidenceRejectedException.class,
                () -> Revocation.check(path, List.of(crl(caName, key())), NOW, "test chain"));
        assertEquals(RejectionReason.COLLATERAL_INVALID, forged.reason());

        Revocation.Outcome stale = Revocation.check(path, List.of(crl(caName, caKey), rootCrl),
                NOW.plus(60, ChronoUnit.DAYS), "test chain");
        assertEquals(2, stale.outdated().size());
    }

    @Test
    void chainsMustEndAtThePinnedRootAndBeCurrent() throws Exception {
        KeyPair rootKey = key();
        KeyPair otherKey = key();
        String rootName = "CN=Test Root CA,O=Test";
        IntelCertificate root = cert(rootName, rootKey, rootName, rootKey, 1, true);
        IntelCertificate impostor = cert(rootName, otherKey, rootName, otherKey, 1, true);
        IntelCertificate leaf = cert("CN=Leaf,O=Test", key(), rootName, otherKey, 5, false);
        PinnedRoot pinned = PinnedRoot.of(root);
        assertEquals(RejectionReason.UNTRUSTED_ROOT, assertThrows(EvidenceRejectedException.class,
                () -> ChainValidator.validate(List.of(leaf, impostor), pinned, NOW, "x")).reason());
        assertEquals(RejectionReason.UNTRUSTED_ROOT, assertThrows(EvidenceRejectedException.class,
                () -> ChainValidator.validate(List.of(leaf), pinned, NOW, "x")).reason());
        IntelCertificate good = cert("CN=Leaf,O=Test", key(), rootName, rootKey, 6, false);
        assertEquals(RejectionReason.CERT_EXPIRED, assertThrows(EvidenceRejectedException.class,
                () -> ChainValidator.validate(List.of(good), pinned, NOW.plus(400, ChronoUnit.DAYS), "x")).reason());
        KeyPair notCaKey = key();
        IntelCertificate notCa = cert("CN=Not a CA,O=Test", notCaKey, rootName, rootKey, 7, false);
        IntelCertificate below = cert("CN=Below,O=Test", key(), "CN=Not a CA,O=Test", notCaKey, 8, false);
        EvidenceRejectedException e = assertThrows(EvidenceRejectedException.class,
                () -> ChainValidator.validate(List.of(below, notCa), pinned, NOW, "x"));
        assertEquals(RejectionReason.CERT_CHAIN_INVALID, e.reason());
        assertTrue(e.getMessage().contains("not a CA"), e.getMessage());
    }
}
