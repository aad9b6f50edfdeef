package io.ccl.tee.dcap.pki;

import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.List;

/**
 * The trust anchor every DCAP chain must end at. The production anchor is the Intel SGX Root CA shipped as
 * the bundle resource {@code roots/intel_sgx_root_ca.pem}; its SHA-256 fingerprint is pinned here too, so a
 * replaced resource fails closed.
 */
public final class PinnedRoot {
    /** SHA-256 of the DER of the Intel SGX Root CA (P-256, 2018-05-21..2049-12-31). */
    public static final String INTEL_SGX_ROOT_CA_SHA256 =
            "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3";
    /** Resource path of the Intel SGX Root CA in a backend bundle. */
    public static final String INTEL_SGX_ROOT_CA_RESOURCE = "/roots/intel_sgx_root_ca.pem";

    private final IntelCertificate certificate;

    private PinnedRoot(IntelCertificate certificate) {
        this.certificate = certificate;
    }

    /**
     * The Intel SGX Root CA from {@code owner}'s bundle resources.
     *
     * @throws IllegalStateException when the resource is missing or is not the pinned certificate
     */
    public static PinnedRoot intel(Class<?> owner) {
        IntelCertificate cert = single(load(owner, INTEL_SGX_ROOT_CA_RESOURCE));
        String fingerprint = HexFormat.of().formatHex(P256.sha256(cert.der(), cert.der().length));
        if (!INTEL_SGX_ROOT_CA_SHA256.equals(fingerprint)) {
            throw new IllegalStateException("bundled Intel SGX Root CA has SHA-256 " + fingerprint + ", pinned "
                    + INTEL_SGX_ROOT_CA_SHA256);
        }
        return new PinnedRoot(cert);
    }

    /** An explicitly trusted self-signed certificate (tests with vendor test PKIs). */
    public static PinnedRoot of(IntelCertificate certificate) {
        if (!certificate.signedBy(certificate)) {
            throw new IllegalArgumentException("a pinned root must be self-signed");
        }
        return new PinnedRoot(certificate);
    }

    public IntelCertificate certificate() {
        return certificate;
    }

    /** Certificates from a PEM resource of {@code owner}'s bundle. */
    public static List<IntelCertificate> load(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing bundle resource " + resource);
            }
            return CertificateChainCodec.decode(in.readAllBytes());
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read bundle resource " + resource + ": " + e.getMessage(), e);
        }
    }

    private static IntelCertificate single(List<IntelCertificate> certs) {
        if (certs.size() != 1) {
            throw new IllegalStateException("expected exactly one root certificate, found " + certs.size());
        }
        return certs.get(0);
    }
}
