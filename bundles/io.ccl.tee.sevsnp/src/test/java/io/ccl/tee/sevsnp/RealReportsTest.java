package io.ccl.tee.sevsnp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerificationException;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.Collateral;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.sevsnp.abi.Product;
import io.ccl.tee.sevsnp.verify.ReportVerifier;
import io.ccl.tee.sevsnp.verify.TrustedRoots;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every real report verifies at its time with its certificates, and each defect has its reason. */
class RealReportsTest {
    private static final EvidenceVerifier VERIFIER = new SevSnpVerifier();

    private static VerifiedClaims verify(TestVectors.Vector v) throws VerificationException {
        return VERIFIER.verify(v.evidence(), v.context().build());
    }

    private static RejectionReason reason(Evidence evidence, VerificationContext context) {
        return assertThrows(EvidenceRejectedException.class, () -> VERIFIER.verify(evidence, context)).reason();
    }

    @Test
    void everyRealReportVerifies() throws VerificationException {
        for (TestVectors.Vector v : TestVectors.ALL) {
            VerifiedClaims claims = verify(v);
            assertEquals("sevsnp", claims.teeType(), v.name());
            assertEquals(false, claims.claims().get("crl_checked"), v.name());
            assertEquals(claims.reportData().hex(), claims.claims().get("report_data"), v.name());
        }
    }

    @Test
    void claimsAreExact() throws VerificationException {
        Map<String, Object> c = verify(TestVectors.GO_SEV_GUEST).claims();
        assertEquals(true, c.get("debug"));
        assertEquals(true, c.get("smt"));
        assertEquals(false, c.get("migrate_ma"));
        assertEquals(0xb0000L, c.get("policy"));
        assertEquals(2L, c.get("report_version"));
        assertEquals("milan", c.get("product"));
        assertEquals("Milan-B0", c.get("product_name"));
        assertEquals("vcek", c.get("signer"));
        assertEquals(0L, c.get("vmpl"));
        assertEquals(Map.of("bootloader", 2L, "tee", 0L, "snp", 5L, "microcode", 0x44L), c.get("reported_tcb"));
        assertEquals("1.49.3", c.get("current_version"));
        assertEquals(true, c.get("smt_enabled"));
        assertEquals(((String) c.get("report_data")).substring(0, 10), "0102030405");
        assertEquals(96, ((String) c.get("measurement")).length());

        Map<String, Object> vlek = verify(TestVectors.TRUSTEE_VLEK).claims();
        assertEquals("vlek", vlek.get("signer"));
        assertEquals(false, vlek.get("debug"));
        assertEquals(1L, vlek.get("vmpl"));
        assertEquals(3L, vlek.get("report_version"));
        assertEquals(0x19L, vlek.get("cpuid_family"));
        assertEquals("CN=cc-us-east-2.amazonaws.com", vlek.get("csp_id"));

        Map<String, Object> genoa = verify(TestVectors.TSM_GENOA).claims();
        assertEquals("genoa", genoa.get("product"));
        assertEquals(Map.of("bootloader", 10L, "tee", 0L, "snp", 23L, "microcode", 0x54L), genoa.get("reported_tcb"));
        assertEquals(false, genoa.get("debug"));
    }

    @Test
    void versionTwoProductComesFromHintOrVcek() throws VerificationException {
        TestVectors.Vector v = TestVectors.VIRTEE_MILAN;
        assertEquals("milan", VERIFIER.verify(v.evidence(), v.context().hint("product", "milan").build()).claims()
                .get("product"));
        assertEquals(RejectionReason.PLATFORM_MISMATCH, reason(v.evidence(), v.context().hint("product", "genoa").build()));
        Evidence bare = new Evidence("sevsnp", v.reportBytes());
        assertThrows(CollateralUnavailableException.class, () -> VERIFIER.verify(bare, v.context().build()));
        assertThrows(CollateralUnavailableException.class,
                () -> VERIFIER.verify(bare, v.context().hint("product", "milan").build()));
    }

    @Test
    void cpuidProductWinsOverAContradictingHint() {
        TestVectors.Vector v = TestVectors.AZURE_GENOA;
        assertEquals(RejectionReason.PLATFORM_MISMATCH, reason(v.evidence(), v.context().hint("product", "milan").build()));
    }

    @Test
    void missingCrlFailsClosedUnlessTheCallerAllowsIt() {
        TestVectors.Vector v = TestVectors.TRUSTEE_MILAN;
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> VERIFIER.verify(v.evidence(), VerificationContext.at(v.now())));
        assertEquals("ARK CRL", e.collateral());
        SevSnpVerifier strict = new SevSnpVerifier(TrustedRoots.amd(), List.of(ReportVerifier.EVIDENCE),
                ReportVerifier.CrlPolicy.FAIL_CLOSED);
        assertThrows(CollateralUnavailableException.class, () -> strict.verify(v.evidence(), v.context().build()));
    }

    @Test
    void expiredAndNotYetValidCertificatesAreRejected() {
        for (TestVectors.Vector v : TestVectors.ALL) {
            assertEquals(RejectionReason.CERT_EXPIRED,
                    reason(v.evidence(), VerificationContext.builder(Instant.parse("2033-01-01T00:00:00Z"))
                            .collateralPolicy(VerificationContext.CollateralPolicy.ALLOW_UNAVAILABLE).build()), v.name());
        }
        TestVectors.Vector vlek = TestVectors.TRUSTEE_VLEK;
        assertEquals(RejectionReason.CERT_EXPIRED, reason(vlek.evidence(), VerificationContext
                .builder(Instant.parse("2025-12-11T00:00:00Z"))
                .collateralPolicy(VerificationContext.CollateralPolicy.ALLOW_UNAVAILABLE).build()));
        TestVectors.Vector early = TestVectors.GO_SEV_GUEST;
        assertEquals(RejectionReason.CERT_EXPIRED, reason(early.evidence(), VerificationContext
                .builder(Instant.parse("2022-09-23T00:00:00Z"))
                .collateralPolicy(VerificationContext.CollateralPolicy.ALLOW_UNAVAILABLE).build()));
    }

    @Test
    void aVcekOfAnotherChipIsAPlatformMismatch() {
        TestVectors.Vector v2 = TestVectors.AZURE_V2;
        Evidence withOtherChip = new Evidence("sevsnp", v2.reportBytes(),
                List.of(new Collateral("vcek.der", TestVectors.read("trustee/derived_az-snp-v1_vcek.der"))));
        assertEquals(RejectionReason.PLATFORM_MISMATCH, reason(withOtherChip, v2.context().build()));
    }

    @Test
    void aVcekOfAnotherProductIsRejected() {
        TestVectors.Vector genoa = TestVectors.AZURE_GENOA;
        Evidence milanVcek = new Evidence("sevsnp", genoa.reportBytes(),
                List.of(new Collateral("vcek.der", TestVectors.read("trustee/derived_az-snp-v1_vcek.der"))));
        assertEquals(RejectionReason.PLATFORM_MISMATCH, reason(milanVcek, genoa.context().build()));
    }

    @Test
    void rootsOfAnotherProductDoNotAnchorTheChain() {
        TestVectors.Vector milan = TestVectors.TRUSTEE_MILAN;
        TrustedRoots genoaOnly = TrustedRoots.of(List.of(TestHierarchy.of(Product.GENOA).ark));
        SevSnpVerifier verifier = new SevSnpVerifier(genoaOnly, List.of(ReportVerifier.EVIDENCE),
                ReportVerifier.CrlPolicy.CONTEXT);
        assertEquals(RejectionReason.UNTRUSTED_ROOT, assertThrows(EvidenceRejectedException.class,
                () -> verifier.verify(milan.evidence(), milan.context().build())).reason());
        // A test ARK and ASK pinned for Milan: the real ASK offered is not signed by that ARK, and the
        // pinned ASK of the same name did not sign the real VCEK.
        SevSnpVerifier testRoots = new SevSnpVerifier(TestHierarchy.of(Product.MILAN).roots(),
                List.of(ReportVerifier.EVIDENCE), ReportVerifier.CrlPolicy.CONTEXT);
        Evidence withRealChain = milan.evidence().withCollateral(List.of(
                new Collateral("ask_ark_milan.pem", TestVectors.read("go-sev-guest/ask_ark_milan.pem"))));
        assertEquals(RejectionReason.CERT_CHAIN_INVALID, assertThrows(EvidenceRejectedException.class,
                () -> testRoots.verify(withRealChain, milan.context().build())).reason());
    }

    @Test
    void aVlekReportNeedsAVlek() {
        TestVectors.Vector vlek = TestVectors.TRUSTEE_VLEK;
        Evidence withVcek = new Evidence("sevsnp", vlek.reportBytes(),
                List.of(new Collateral("vcek.der", TestVectors.read("trustee/snp_test-vcek.der"))));
        assertThrows(CollateralUnavailableException.class, () -> VERIFIER.verify(withVcek, vlek.context().build()));
    }

    @Test
    void editedVcekFailsItsChain() {
        TestVectors.Vector v = TestVectors.TRUSTEE_MILAN;
        for (String edited : List.of("trustee/snp_test-vcek-invalid-legacy.der", "trustee/snp_test-vcek-invalid-new.der")) {
            Evidence e = new Evidence("sevsnp", v.reportBytes(), List.of(new Collateral("vcek.der", TestVectors.read(edited))));
            RejectionReason r = reason(e, v.context().build());
            assertEquals(true, r == RejectionReason.PLATFORM_MISMATCH || r == RejectionReason.CERT_CHAIN_INVALID
                    || r == RejectionReason.TCB_MISMATCH, edited + ": " + r);
        }
    }
}
