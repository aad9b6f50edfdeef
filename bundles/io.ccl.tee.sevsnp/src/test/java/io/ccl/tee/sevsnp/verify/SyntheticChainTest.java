package io.ccl.tee.sevsnp.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerificationContext.CollateralPolicy;
import io.ccl.attestation.api.VerificationException;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.Collateral;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.sevsnp.SyntheticReport;
import io.ccl.tee.sevsnp.TestHierarchy;
import io.ccl.tee.sevsnp.abi.Product;
import java.math.BigInteger;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A test ARK/ASK/VCEK hierarchy with our own keys, pinned in the verifier, and synthetic reports
 * signed by the test VCEK: revocation, TCB and chip binding, expiry, Turin layout, version 5.
 */
class SyntheticChainTest {
    private static final TestHierarchy MILAN = TestHierarchy.of(Product.MILAN);
    private static final KeyPair VCEK_KEY = TestHierarchy.p384();
    private static final ReportVerifier VERIFIER = new ReportVerifier(MILAN.roots(), List.of(ReportVerifier.EVIDENCE),
            ReportVerifier.CrlPolicy.CONTEXT);
    private static final long TCB = 0x7308000000000003L; // bl=3 tee=0 snp=8 ucode=0x73 (= spec())

    private static byte[] vcek(TestHierarchy.VcekSpec spec) {
        try {
            return MILAN.vcek(spec, VCEK_KEY.getPublic());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] signed(SyntheticReport r) {
        byte[] bytes = r.bytes();
        TestHierarchy.sign(bytes, VCEK_KEY.getPrivate());
        return bytes;
    }

    private static Evidence evidence(byte[] report, byte[]... collateral) {
        List<Collateral> list = new ArrayList<>();
        for (int i = 0; i < collateral.length; i++) {
            list.add(new Collateral("c" + i, collateral[i]));
        }
        return new Evidence("sevsnp", report, list);
    }

    private static VerificationContext failClosed() {
        return VerificationContext.at(TestHierarchy.NOW);
    }

    private static RejectionReason reason(Evidence e, VerificationContext c) {
        return assertThrows(EvidenceRejectedException.class, () -> VERIFIER.verify(e, c)).reason();
    }

    @Test
    void aSyntheticReportVerifiesWithACurrentCrl() throws Exception {
        byte[] report = signed(new SyntheticReport(3, Product.MILAN).tcb(TCB).reportData(new byte[] {7}));
        VerifiedClaims claims = VERIFIER.verify(evidence(report, vcek(MILAN.spec()), MILAN.crl()),
                VerificationContext.builder(TestHierarchy.NOW).expectReportData(ReportData.of(new byte[] {7})).build());
        assertEquals(true, claims.claims().get("crl_checked"));
        assertEquals("milan", claims.claims().get("product"));
        assertEquals(Map.of("bootloader", 3L, "tee", 0L, "snp", 8L, "microcode", 0x73L), claims.claims().get("reported_tcb"));
    }

    @Test
    void aRevokedAskIsRejected() throws Exception {
        byte[] report = signed(new SyntheticReport(3, Product.MILAN).tcb(TCB));
        byte[] crl = MILAN.crl(BigInteger.valueOf(5), MILAN.askSerial);
        assertEquals(RejectionReason.CERT_REVOKED, reason(evidence(report, vcek(MILAN.spec()), crl), failClosed()));
    }

    @Test
    void aCrlNotSignedByTheArkIsRejected() throws Exception {
        byte[] report = signed(new SyntheticReport(3, Product.MILAN).tcb(TCB));
        byte[] forged = MILAN.crl(TestHierarchy.NOW.minusSeconds(60), TestHierarchy.NOW.plusSeconds(3600),
                MILAN.askKeys.getPrivate());
        assertEquals(RejectionReason.COLLATERAL_INVALID, reason(evidence(report, vcek(MILAN.spec()), forged), failClosed()));
    }

    @Test
    void aStaleCrlIsUnavailable() throws Exception {
        byte[] report = signed(new SyntheticReport(3, Product.MILAN).tcb(TCB));
        byte[] stale = MILAN.crl(TestHierarchy.NOW.minusSeconds(86400L * 60), TestHierarchy.NOW.minusSeconds(86400L * 30),
                MILAN.arkKeys.getPrivate());
        Evidence e = evidence(report, vcek(MILAN.spec()), stale);
        assertThrows(CollateralUnavailableException.class, () -> VERIFIER.verify(e, failClosed()));
        VerifiedClaims audit = VERIFIER.verify(e,
                VerificationContext.builder(TestHierarchy.NOW).collateralPolicy(CollateralPolicy.ALLOW_UNAVAILABLE).build());
        assertEquals(false, audit.claims().get("crl_checked"));
    }

    @Test
    void crlMayComeAsContextCollateralInPem() throws Exception {
        byte[] report = signed(new SyntheticReport(2, Product.MILAN).tcb(TCB));
        String pem = "-----BEGIN X509 CRL-----\n" + java.util.Base64.getMimeEncoder().encodeToString(MILAN.crl())
                + "\n-----END X509 CRL-----\n";
        VerifiedClaims claims = VERIFIER.verify(evidence(report, vcek(MILAN.spec())),
                VerificationContext.builder(TestHierarchy.NOW).collateral(List.of(new Collateral("crl.pem", pem.getBytes(
                        java.nio.charset.StandardCharsets.US_ASCII)))).build());
        assertEquals(true, claims.claims().get("crl_checked"));
        assertEquals(2L, claims.claims().get("report_version"));
    }

    @Test
    void aTcbOtherThanTheVcekIsATcbMismatch() throws Exception {
        byte[] report = signed(new SyntheticReport(3, Product.MILAN).tcb(TCB).reportedTcb(TCB + 1));
        assertEquals(RejectionReason.TCB_MISMATCH, reason(evidence(report, vcek(MILAN.spec()), MILAN.crl()), failClosed()));
    }

    @Test
    void aVcekOfAnotherChipIsAPlatformMismatch() throws Exception {
        byte[] report = signed(new SyntheticReport(3, Product.MILAN).tcb(TCB).chip((byte) 0x22, 64));
        assertEquals(RejectionReason.PLATFORM_MISMATCH, reason(evidence(report, vcek(MILAN.spec()), MILAN.crl()), failClosed()));
    }

    @Test
    void anExpiredVcekIsRejected() throws Exception {
        TestHierarchy.VcekSpec s = MILAN.spec();
        TestHierarchy.VcekSpec expired = new TestHierarchy.VcekSpec(s.productName(), s.hwid(), s.bl(), s.tee(), s.snp(),
                s.ucode(), s.fmc(), TestHierarchy.NOW.minusSeconds(86400L * 400), TestHierarchy.NOW.minusSeconds(86400));
        byte[] report = signed(new SyntheticReport(3, Product.MILAN).tcb(TCB));
        assertEquals(RejectionReason.CERT_EXPIRED, reason(evidence(report, vcek(expired), MILAN.crl()), failClosed()));
    }

    @Test
    void anUnsignedReportIsRejected() throws Exception {
        byte[] report = signed(new SyntheticReport(3, Product.MILAN).tcb(TCB).signingKey(7));
        assertEquals(RejectionReason.BAD_SIGNATURE, reason(evidence(report, vcek(MILAN.spec()), MILAN.crl()), failClosed()));
    }

    @Test
    void turinVersionFiveUsesTheFmcLayoutAndAnEightByteChipId() throws Exception {
        TestHierarchy turin = TestHierarchy.of(Product.TURIN);
        KeyPair key = TestHierarchy.p384();
        byte[] vcek = turin.vcek(turin.spec(), key.getPublic());
        long tcb = 0x7300000008000301L; // fmc=1 bl=3 tee=0 snp=8 ucode=0x73
        byte[] report = new SyntheticReport(5, Product.TURIN).tcb(tcb).mitVectors(3, 1).bytes();
        TestHierarchy.sign(report, key.getPrivate());
        ReportVerifier verifier = new ReportVerifier(turin.roots(), List.of(ReportVerifier.EVIDENCE),
                ReportVerifier.CrlPolicy.CONTEXT);
        Map<String, Object> claims = verifier.verify(evidence(report, vcek, turin.crl()), failClosed()).claims();
        assertEquals("turin", claims.get("product"));
        assertEquals(Map.of("fmc", 1L, "bootloader", 3L, "tee", 0L, "snp", 8L, "microcode", 0x73L), claims.get("reported_tcb"));
        assertEquals(3L, claims.get("launch_mit_vector"));
        assertEquals(5L, claims.get("report_version"));
        assertEquals("1111111111111111" + "0".repeat(112), claims.get("chip_id"));

        byte[] wrongFmc = new SyntheticReport(5, Product.TURIN).tcb(tcb + 1).bytes();
        TestHierarchy.sign(wrongFmc, key.getPrivate());
        assertEquals(RejectionReason.TCB_MISMATCH, assertThrows(EvidenceRejectedException.class,
                () -> verifier.verify(evidence(wrongFmc, vcek, turin.crl()), failClosed())).reason());
        byte[] longChip = new SyntheticReport(5, Product.TURIN).tcb(tcb).chip((byte) 0x11, 9).bytes();
        TestHierarchy.sign(longChip, key.getPrivate());
        assertEquals(RejectionReason.PLATFORM_MISMATCH, assertThrows(EvidenceRejectedException.class,
                () -> verifier.verify(evidence(longChip, vcek, turin.crl()), failClosed())).reason());
    }

    @Test
    void everySignedBitOfASyntheticVersionFiveReportIsProtected() throws Exception {
        byte[] report = signed(new SyntheticReport(5, Product.MILAN).tcb(TCB).mitVectors(1, 1));
        Evidence genuine = evidence(report, vcek(MILAN.spec()), MILAN.crl());
        VERIFIER.verify(genuine, failClosed());
        for (int bit = 0; bit < 0x2A0 * 8; bit += 3) {
            byte[] t = report.clone();
            t[bit / 8] ^= (byte) (1 << (bit % 8));
            Evidence tampered = new Evidence("sevsnp", t, genuine.collateral());
            assertThrows(VerificationException.class, () -> VERIFIER.verify(tampered, failClosed()), "bit " + bit);
        }
        assertEquals(true, Arrays.equals(report, genuine.payload()));
    }
}
