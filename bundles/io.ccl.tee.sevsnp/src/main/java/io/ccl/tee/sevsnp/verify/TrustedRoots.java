package io.ccl.tee.sevsnp.verify;

import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.tee.sevsnp.abi.Product;
import io.ccl.tee.sevsnp.kds.AmdCertificate;
import io.ccl.tee.sevsnp.kds.AmdCertificate.Role;
import io.ccl.tee.sevsnp.kds.InvalidCertificateException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pinned trust anchors: one ARK per product, and the ASKs and ASVKs it signed. The AMD set
 * ships in this bundle (copies of the KDS {@code cert_chain} and {@code vlek cert_chain}
 * answers for Milan, Genoa and Turin). Every anchor is checked when the set is built: ARKs are
 * self-signed CA certificates, ASKs and ASVKs are CA certificates signed by their ARK, all with
 * RSASSA-PSS SHA-384.
 */
public final class TrustedRoots {
    private static final String[] AMD_RESOURCES = {"amd_ark_milan.pem", "amd_ask_milan.pem", "amd_asvk_milan.pem",
        "amd_ark_genoa.pem", "amd_ask_genoa.pem", "amd_asvk_genoa.pem", "amd_ark_turin.pem", "amd_ask_turin.pem",
        "amd_asvk_turin.pem"};

    private record ProductRoots(AmdCertificate ark, List<AmdCertificate> intermediates) {
    }

    private static final class Amd {
        static final TrustedRoots ROOTS = loadAmd();
    }

    private final Map<Product, ProductRoots> roots;

    private TrustedRoots(Map<Product, ProductRoots> roots) {
        this.roots = roots;
    }

    /** The AMD production roots shipped in this bundle. */
    public static TrustedRoots amd() {
        return Amd.ROOTS;
    }

    /**
     * Roots from PEM or DER certificates: ARKs and the ASKs/ASVKs they signed (tests pin their own).
     *
     * @throws IllegalArgumentException when a certificate does not parse, an ARK is not a valid
     *     self-signed CA, or an intermediate is not signed by its product's ARK
     */
    public static TrustedRoots of(List<byte[]> certificates) {
        List<AmdCertificate> all = new ArrayList<>();
        CollateralParser parser = new CollateralParser();
        for (byte[] c : certificates) {
            try {
                all.addAll(parser.parse("trusted root", c).certificates());
            } catch (MalformedEvidenceException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        Map<Product, ProductRoots> map = new EnumMap<>(Product.class);
        for (AmdCertificate ark : all) {
            if (ark.role() == Role.ARK) {
                requireSignedBy(ark, ark);
                map.put(ark.product().orElseThrow(), new ProductRoots(ark, new ArrayList<>()));
            }
        }
        for (AmdCertificate c : all) {
            if (c.role() == Role.ASK || c.role() == Role.ASVK) {
                ProductRoots pr = map.get(c.product().orElseThrow());
                if (pr == null) {
                    throw new IllegalArgumentException(c + " has no ARK among the trusted roots");
                }
                requireSignedBy(c, pr.ark());
                pr.intermediates().add(c);
            } else if (c.role() != Role.ARK) {
                throw new IllegalArgumentException(c + " is not an ARK, ASK or ASVK");
            }
        }
        map.replaceAll((p, pr) -> new ProductRoots(pr.ark(), List.copyOf(pr.intermediates())));
        return new TrustedRoots(map);
    }

    /** The pinned ARK of a product. */
    public Optional<AmdCertificate> ark(Product product) {
        return Optional.ofNullable(roots.get(product)).map(ProductRoots::ark);
    }

    /** The pinned ASKs ({@link Role#ASK}) or ASVKs ({@link Role#ASVK}) of a product. */
    public List<AmdCertificate> intermediates(Product product, Role role) {
        ProductRoots pr = roots.get(product);
        if (pr == null) {
            return List.of();
        }
        return pr.intermediates().stream().filter(c -> c.role() == role).toList();
    }

    /** Checks what an anchor must be: a CA certificate correctly signed by {@code issuer}. */
    static void requireSignedBy(AmdCertificate cert, AmdCertificate issuer) {
        try {
            if (!cert.namesIssuer(issuer)) {
                throw new IllegalArgumentException(cert + " is not issued by " + issuer);
            }
            if (!cert.isCa()) {
                throw new IllegalArgumentException(cert + " is not a CA certificate");
            }
            RsaPss.requireAmdParameters(cert.signatureAlgorithm(), cert.toString());
            cert.rsaKey();
            if (!RsaPss.verify(issuer.rsaKey(), cert.tbs(), cert.signature())) {
                throw new IllegalArgumentException(cert + " signature does not verify with " + issuer);
            }
        } catch (InvalidCertificateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TrustedRoots loadAmd() {
        List<byte[]> pems = new ArrayList<>();
        for (String name : AMD_RESOURCES) {
            try (InputStream in = TrustedRoots.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("missing pinned root resource " + name);
                }
                pems.add(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return of(pems);
    }
}
