package io.ccl.tee.sevsnp.verify;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.Collateral;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.sevsnp.abi.AttestationReport;
import io.ccl.tee.sevsnp.abi.Product;
import io.ccl.tee.sevsnp.abi.SigningKey;
import io.ccl.tee.sevsnp.abi.TcbVersion;
import io.ccl.tee.sevsnp.kds.AmdCertificate;
import io.ccl.tee.sevsnp.kds.AmdCertificate.Role;
import io.ccl.tee.sevsnp.kds.AmdCrl;
import io.ccl.tee.sevsnp.kds.CollateralSource;
import io.ccl.tee.sevsnp.kds.KdsExtensions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The SEV-SNP verification pipeline: parse the report, find the endorsement key certificate,
 * verify its chain to the pinned ARK, bind chip and TCB, verify the report signature, check
 * revocation, compare report data, extract claims. Collateral is looked for in the configured
 * order of sources; {@link #EVIDENCE} marks where the evidence's own collateral (and the
 * context's) stands in that order.
 */
public final class ReportVerifier {
    /** The TEE type this pipeline verifies. */
    public static final String TEE_TYPE = "sevsnp";

    /** Placeholder for the evidence's (and the context's) collateral in the source order. */
    public static final CollateralSource EVIDENCE = new CollateralSource() {
        @Override
        public String name() {
            return "evidence";
        }

        @Override
        public Optional<byte[]> vcek(Product product, byte[] hwid, TcbVersion tcb) {
            return Optional.empty();
        }

        @Override
        public Optional<byte[]> certChain(Product product) {
            return Optional.empty();
        }

        @Override
        public Optional<byte[]> crl(Product product, Instant now) {
            return Optional.empty();
        }
    };

    /** Whether a missing CRL follows the context's collateral policy or always fails. */
    public enum CrlPolicy {
        /** {@link VerificationContext#collateralPolicy()} decides. */
        CONTEXT,
        /** A missing CRL always ends verification with {@link CollateralUnavailableException}. */
        FAIL_CLOSED
    }

    private final List<CollateralSource> order;
    private final CrlPolicy crlPolicy;
    private final CollateralParser parser = new CollateralParser();
    private final EndorsementChain chains;
    private final Revocation revocation = new Revocation();

    /** @param order collateral sources, {@link #EVIDENCE} standing for the evidence's own */
    public ReportVerifier(TrustedRoots roots, List<CollateralSource> order, CrlPolicy crlPolicy) {
        this.chains = new EndorsementChain(roots);
        this.order = List.copyOf(order);
        this.crlPolicy = crlPolicy;
    }

    /** Verifies; any unexpected runtime failure while reading input is reported as malformed evidence. */
    public VerifiedClaims verify(Evidence evidence, VerificationContext context)
            throws MalformedEvidenceException, EvidenceRejectedException, CollateralUnavailableException {
        try {
            return verifyChecked(evidence, context);
        } catch (RuntimeException e) {
            throw new MalformedEvidenceException("SEV-SNP evidence could not be read: " + e, e);
        }
    }

    private VerifiedClaims verifyChecked(Evidence evidence, VerificationContext context)
            throws MalformedEvidenceException, EvidenceRejectedException, CollateralUnavailableException {
        if (!TEE_TYPE.equals(evidence.teeType())) {
            throw new MalformedEvidenceException("evidence of type " + evidence.teeType() + " is not " + TEE_TYPE);
        }
        AttestationReport report = AttestationReport.parse(evidence.payload());
        if (report.signatureAlgorithm() != AttestationReport.ECDSA_P384_SHA384) {
            throw new EvidenceRejectedException(RejectionReason.UNSUPPORTED_ALGORITHM, "unknown signature algorithm",
                    "1 (ECDSA P-384 SHA-384)", Integer.toUnsignedString(report.signatureAlgorithm()));
        }
        if (report.signingKey() == SigningKey.NONE || report.maskChipKey()) {
            throw new EvidenceRejectedException(RejectionReason.BAD_SIGNATURE, "the report is not signed");
        }
        Offered offered = offered(evidence, context);
        Product product = product(report, context, offered);
        Role leafRole = report.signingKey() == SigningKey.VLEK ? Role.VLEK : Role.VCEK;
        AmdCertificate leaf = leaf(report, product, leafRole, offered);
        Instant now = context.now();
        EndorsementChain.Verified chain = chains.verify(leaf, product, offered.certificates,
                () -> fetchedIntermediates(product), now);
        bind(report, product, chain.extensions(), leafRole);
        if (!ReportSignature.verify(report, chain.key())) {
            throw new EvidenceRejectedException(RejectionReason.BAD_SIGNATURE,
                    "report signature does not verify with the " + leafRole);
        }
        boolean crlChecked = revocation.check(chain, crls(product, offered, now), now);
        if (!crlChecked && (crlPolicy == CrlPolicy.FAIL_CLOSED
                || context.collateralPolicy() == VerificationContext.CollateralPolicy.FAIL_CLOSED)) {
            throw new CollateralUnavailableException("ARK CRL",
                    "no current CRL of ARK-" + product.kdsName() + " is available");
        }
        ReportData reportData = ReportData.of(report.reportData());
        Optional<ReportData> expected = context.expectedReportData();
        if (expected.isPresent() && !expected.get().equals(reportData)) {
            throw new EvidenceRejectedException(RejectionReason.REPORT_DATA_MISMATCH,
                    "report data differs from the expected binding", expected.get().hex(), reportData.hex());
        }
        return new VerifiedClaims(TEE_TYPE, reportData, ClaimsMapper.claims(report, product, chain, crlChecked));
    }

    /** Collateral carried by the evidence and handed in through the context (empty when not a source). */
    private static final class Offered {
        final List<AmdCertificate> certificates = new ArrayList<>();
        final List<AmdCrl> crls = new ArrayList<>();
    }

    private Offered offered(Evidence evidence, VerificationContext context) throws MalformedEvidenceException {
        Offered offered = new Offered();
        if (!order.contains(EVIDENCE)) {
            return offered;
        }
        List<Collateral> pieces = new ArrayList<>(evidence.collateral());
        pieces.addAll(context.collateral());
        for (Collateral piece : pieces) {
            CollateralParser.Parsed parsed = parser.parse(piece.name(), piece.data());
            offered.certificates.addAll(parsed.certificates());
            offered.crls.addAll(parsed.crls());
        }
        return offered;
    }

    /** The product: from CPUID (v3+), else the caller's hint, else the offered VCEK/VLEK's product name. */
    private static Product product(AttestationReport report, VerificationContext context, Offered offered)
            throws MalformedEvidenceException, EvidenceRejectedException, CollateralUnavailableException {
        Optional<Product> hinted = Optional.empty();
        Optional<String> hint = context.hint("product");
        if (hint.isPresent()) {
            hinted = Product.fromName(hint.get());
            if (hinted.isEmpty()) {
                throw new MalformedEvidenceException("hint product=" + hint.get() + " names no SEV-SNP product");
            }
        }
        if (report.version() >= 3) {
            int family = report.cpuidFamily().orElseThrow();
            int model = report.cpuidModel().orElseThrow();
            Product cpu = Product.fromCpuid(family, model).orElseThrow(() -> new EvidenceRejectedException(
                    RejectionReason.UNTRUSTED_ROOT, String.format("no pinned AMD root for CPU family %02Xh model %02Xh",
                            family, model)));
            if (hinted.isPresent() && hinted.get() != cpu) {
                throw new EvidenceRejectedException(RejectionReason.PLATFORM_MISMATCH,
                        "the report's CPUID names another product than the hint", hinted.get().id(), cpu.id());
            }
            return cpu;
        }
        if (hinted.isPresent()) {
            return hinted.get();
        }
        Role role = report.signingKey() == SigningKey.VLEK ? Role.VLEK : Role.VCEK;
        for (AmdCertificate c : offered.certificates) {
            if (c.role() == role) {
                Optional<Product> named = extensions(c).flatMap(KdsExtensions::product);
                if (named.isPresent()) {
                    return named.get();
                }
            }
        }
        throw new CollateralUnavailableException(role.name(), "a version 2 report does not name its product: supply "
                + "the " + role + " or the hint product=milan|genoa|turin");
    }

    /** The VCEK or VLEK: a matching one from the sources in order, else any offered one (to be refused precisely). */
    private AmdCertificate leaf(AttestationReport report, Product product, Role role, Offered offered)
            throws CollateralUnavailableException {
        byte[] hwid = Arrays.copyOf(report.chipId(), product.hwidLength());
        boolean chipMasked = isZero(report.chipId());
        TcbVersion tcb = new TcbVersion(report.reportedTcb(), product);
        for (CollateralSource source : order) {
            if (source == EVIDENCE) {
                for (AmdCertificate c : offered.certificates) {
                    Optional<KdsExtensions> ext = c.role() == role ? extensions(c) : Optional.empty();
                    if (ext.isPresent() && ext.get().product().orElse(null) == product
                            && ext.get().tcb(product) == tcb.raw()
                            && (role == Role.VLEK || chipMasked || Arrays.equals(ext.get().hwid(), hwid))) {
                        return c;
                    }
                }
            } else if (role == Role.VCEK && !chipMasked) {
                Optional<AmdCertificate> fetched = source.vcek(product, hwid, tcb).flatMap(this::certificates)
                        .flatMap(list -> list.stream().filter(c -> c.role() == Role.VCEK).findFirst());
                if (fetched.isPresent()) {
                    return fetched.get();
                }
            }
        }
        for (AmdCertificate c : offered.certificates) {
            if (c.role() == role) {
                return c;
            }
        }
        throw new CollateralUnavailableException(role.name(), "no " + role + " for chip "
                + HexFormat.of().formatHex(hwid) + " at TCB " + tcb + " in " + names());
    }

    private void bind(AttestationReport report, Product product, KdsExtensions ext, Role role)
            throws EvidenceRejectedException {
        byte[] chipId = report.chipId();
        if (role == Role.VCEK && !isZero(chipId)) {
            byte[] hwid = Arrays.copyOf(chipId, product.hwidLength());
            boolean tail = isZero(Arrays.copyOfRange(chipId, product.hwidLength(), chipId.length));
            if (!tail || !Arrays.equals(hwid, ext.hwid())) {
                throw new EvidenceRejectedException(RejectionReason.PLATFORM_MISMATCH,
                        "the VCEK belongs to another chip", HexFormat.of().formatHex(ext.hwid()),
                        HexFormat.of().formatHex(chipId));
            }
        }
        long expected = ext.tcb(product);
        if (report.reportedTcb() != expected) {
            throw new EvidenceRejectedException(RejectionReason.TCB_MISMATCH,
                    "reported TCB differs from the TCB the " + role + " was issued for",
                    new TcbVersion(expected, product).toString(), new TcbVersion(report.reportedTcb(), product).toString());
        }
    }

    private List<AmdCertificate> fetchedIntermediates(Product product) {
        List<AmdCertificate> certs = new ArrayList<>();
        for (CollateralSource source : order) {
            if (source != EVIDENCE) {
                source.certChain(product).flatMap(this::certificates).ifPresent(certs::addAll);
            }
        }
        return certs;
    }

    /** Offered CRLs first (if the evidence is a source), then each source's, fetched only when reached. */
    private Iterator<AmdCrl> crls(Product product, Offered offered, Instant now) {
        List<CollateralSource> sources = order;
        return new Iterator<>() {
            private final List<AmdCrl> pending = new ArrayList<>();
            private int next;

            @Override
            public boolean hasNext() {
                while (pending.isEmpty() && next < sources.size()) {
                    CollateralSource source = sources.get(next++);
                    if (source == EVIDENCE) {
                        pending.addAll(offered.crls);
                    } else {
                        source.crl(product, now).flatMap(ReportVerifier.this::parsedCrls).ifPresent(pending::addAll);
                    }
                }
                return !pending.isEmpty();
            }

            @Override
            public AmdCrl next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return pending.remove(0);
            }
        };
    }

    private Optional<List<AmdCertificate>> certificates(byte[] bytes) {
        try {
            return Optional.of(parser.parse("fetched", bytes).certificates());
        } catch (MalformedEvidenceException e) {
            return Optional.empty();
        }
    }

    private Optional<List<AmdCrl>> parsedCrls(byte[] bytes) {
        try {
            return Optional.of(parser.parse("fetched CRL", bytes).crls());
        } catch (MalformedEvidenceException e) {
            return Optional.empty();
        }
    }

    private static Optional<KdsExtensions> extensions(AmdCertificate c) {
        try {
            return Optional.of(c.kdsExtensions());
        } catch (io.ccl.tee.sevsnp.kds.InvalidCertificateException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private String names() {
        return order.stream().map(CollateralSource::name).toList().toString();
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
