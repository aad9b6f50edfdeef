package io.ccl.tee.nitro.verify;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * The pinned root of the Nitro Enclaves PKI. The production root, AWS Nitro Enclaves Root G1
 * (CN=aws.nitro-enclaves, P-384, 2019-10-28..2049-10-28), ships in this bundle and is checked
 * against its SHA-256 fingerprint when loaded, the value AWS publishes and the test vector
 * manifest records. A document's {@code cabundle[0]} must equal the root byte for byte.
 */
public final class TrustedRoot {
    /** SHA-256 of the DER of AWS Nitro Enclaves Root G1 (testvectors/MANIFEST.md §1). */
    public static final String AWS_ROOT_G1_SHA256 = "641a0321a3e244efe456463195d606317ed7cdcc3c1756e09893f3c68f79bb5b";
    private static final String AWS_RESOURCE = "aws_nitro_enclaves_root_g1.pem";

    private static final class Aws {
        static final TrustedRoot ROOT = loadAws();
    }

    private final X509Certificate certificate;
    private final byte[] der;

    private TrustedRoot(X509Certificate certificate) {
        this.certificate = certificate;
        try {
            this.der = certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("root certificate does not encode", e);
        }
    }

    /** AWS Nitro Enclaves Root G1. */
    public static TrustedRoot aws() {
        return Aws.ROOT;
    }

    /**
     * Another root (tests pin their own; a future AWS root G2).
     *
     * @throws IllegalArgumentException when {@code derOrPem} is not one self-signed certificate
     */
    public static TrustedRoot of(byte[] derOrPem) {
        X509Certificate c = parse(derOrPem);
        try {
            c.verify(c.getPublicKey(), CertificatePath.PROVIDER);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("root certificate is not self-signed", e);
        }
        if (c.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("root certificate is not a CA");
        }
        return new TrustedRoot(c);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** True when {@code candidate} is this root's DER encoding (constant time). */
    boolean matches(byte[] candidate) {
        return MessageDigest.isEqual(der, candidate);
    }

    /** Lower-case hex SHA-256 of the root's DER. */
    public String sha256() {
        return sha256(der);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static TrustedRoot loadAws() {
        try (InputStream in = TrustedRoot.class.getResourceAsStream(AWS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("bundled resource " + AWS_RESOURCE + " missing");
            }
            TrustedRoot root = of(in.readAllBytes());
            if (!AWS_ROOT_G1_SHA256.equals(root.sha256())) {
                throw new IllegalStateException("bundled AWS Nitro root has SHA-256 " + root.sha256() + ", expected "
                        + AWS_ROOT_G1_SHA256);
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static X509Certificate parse(byte[] derOrPem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(derOrPem));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not an X.509 certificate", e);
        }
    }
}
