package io.ccl.tee.nitro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerificationException;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.nitro.verify.TimeMode;
import io.ccl.tee.nitro.verify.TrustedRoot;
import io.ccl.tee.nitro.verify.VerifierSettings;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The real blocky/nitrite documents: claims, debug handling, both time modes, the self-signed document. */
class RealDocumentsTest {
    private static final NitroVerifier LIVE = new NitroVerifier();

    private static NitroVerifier with(TimeMode mode, boolean allowDebug) {
        return new NitroVerifier(TrustedRoot.aws(), new VerifierSettings(mode, Duration.ofMinutes(5), Duration.ofSeconds(60),
                allowDebug, false));
    }

    @Test
    void normalDocumentVerifiesWithItsClaims() throws Exception {
        VerifiedClaims c = LIVE.verify(TestVectors.evidence(TestVectors.normal()), VerificationContext.at(TestVectors.NORMAL_NOW));
        assertEquals("nitro", c.teeType());
        assertEquals("i-0a22e5c5f24d22174-enc0191cceb4289903f", c.claims().get("module_id"));
        assertEquals("SHA384", c.claims().get("digest"));
        assertEquals(TestVectors.NORMAL_TIMESTAMP.toEpochMilli(), c.claims().get("timestamp"));
        assertEquals(false, c.claims().get("debug"));
        assertEquals(true, ((String) c.claims().get("pcr0")).startsWith("e72a46ca"));
        assertEquals(true, ((String) c.claims().get("pcr4")).startsWith("45706d7b"));
        String ones = "01".repeat(1024);
        assertEquals(ones, c.claims().get("user_data"));
        assertEquals(ones, c.claims().get("nonce"));
        assertEquals(ones, c.claims().get("public_key"));
        assertEquals("user_data_sha512", c.claims().get("report_data_source"));
        byte[] userData = new byte[1024];
        Arrays.fill(userData, (byte) 1);
        assertArrayEquals(MessageDigest.getInstance("SHA-512").digest(userData), c.reportData().bytes());
        assertEquals("live", c.claims().get("time_mode"));
        assertEquals(4L, c.claims().get("cabundle_length"));
    }

    @Test
    void debugDocumentIsRejectedUnlessAllowedAndAlwaysFlagged() throws VerificationException {
        VerificationContext ctx = VerificationContext.at(TestVectors.DEBUG_NOW);
        EvidenceRejectedException e = assertThrows(EvidenceRejectedException.class,
                () -> LIVE.verify(TestVectors.evidence(TestVectors.debug()), ctx));
        assertEquals(RejectionReason.DEBUG_MODE, e.reason());
        assertEquals("debug=true", e.actual());
        VerifiedClaims c = with(TimeMode.LIVE, true).verify(TestVectors.evidence(TestVectors.debug()), ctx);
        assertEquals(true, c.claims().get("debug"));
        assertEquals("0".repeat(96), c.claims().get("pcr0"));
        // the CLI verifier accepts a debug document only when the hint asks for it
        VerifiedClaims hinted = LIVE.verify(TestVectors.evidence(TestVectors.debug()),
                VerificationContext.builder(TestVectors.DEBUG_NOW).hint(VerifierSettings.HINT_ALLOW_DEBUG, "true").build());
        assertEquals(true, hinted.claims().get("debug"));
    }

    @Test
    void liveModeRejectsOldDocumentsAndExpiredChains() {
        Instant tenMinutesLater = TestVectors.NORMAL_TIMESTAMP.plus(Duration.ofMinutes(10));
        EvidenceRejectedException stale = assertThrows(EvidenceRejectedException.class,
                () -> LIVE.verify(TestVectors.evidence(TestVectors.normal()), VerificationContext.at(tenMinutesLater)));
        assertEquals(RejectionReason.STALE, stale.reason());
        // a generous max age does not help once the 3-hour leaf has expired
        NitroVerifier lenient = new NitroVerifier(TrustedRoot.aws(), new VerifierSettings(TimeMode.LIVE, Duration.ofDays(1),
                Duration.ofSeconds(60), false, false));
        EvidenceRejectedException expired = assertThrows(EvidenceRejectedException.class, () -> lenient
                .verify(TestVectors.evidence(TestVectors.normal()), VerificationContext.at(Instant.parse("2024-09-07T18:00:00Z"))));
        assertEquals(RejectionReason.CERT_EXPIRED, expired.reason());
        EvidenceRejectedException future = assertThrows(EvidenceRejectedException.class, () -> LIVE
                .verify(TestVectors.evidence(TestVectors.normal()), VerificationContext.at(Instant.parse("2024-09-07T14:30:00Z"))));
        assertEquals(RejectionReason.STALE, future.reason());
    }

    @Test
    void auditModeChecksTheChainAtTheDocumentTime() throws VerificationException {
        Instant today = Instant.parse("2026-11-21T00:00:00Z");
        VerifiedClaims c = with(TimeMode.AUDIT, false).verify(TestVectors.evidence(TestVectors.normal()), VerificationContext.at(today));
        assertEquals("audit", c.claims().get("time_mode"));
        assertEquals(TestVectors.NORMAL_TIMESTAMP.toString(), c.claims().get("chain_checked_at"));
        // the hint selects audit mode in the CLI verifier
        VerifiedClaims hinted = LIVE.verify(TestVectors.evidence(TestVectors.normal()),
                VerificationContext.builder(today).hint(VerifierSettings.HINT_TIME_MODE, "audit").build());
        assertEquals("audit", hinted.claims().get("time_mode"));
        // the DS default ignores hints: still live, so stale
        EvidenceRejectedException e = assertThrows(EvidenceRejectedException.class, () -> with(TimeMode.LIVE, false).verify(
                TestVectors.evidence(TestVectors.normal()),
                VerificationContext.builder(today).hint(VerifierSettings.HINT_TIME_MODE, "audit").build()));
        assertEquals(RejectionReason.CERT_EXPIRED, e.reason());
        // audit mode still refuses a document from the future of the verification time
        EvidenceRejectedException early = assertThrows(EvidenceRejectedException.class, () -> with(TimeMode.AUDIT, false)
                .verify(TestVectors.evidence(TestVectors.normal()), VerificationContext.at(Instant.parse("2024-01-01T00:00:00Z"))));
        assertEquals(RejectionReason.STALE, early.reason());
    }

    @Test
    void reportDataAndNonceBindings() throws VerificationException {
        VerifiedClaims c = LIVE.verify(TestVectors.evidence(TestVectors.normal()), VerificationContext.at(TestVectors.NORMAL_NOW));
        EvidenceRejectedException rd = assertThrows(EvidenceRejectedException.class, () -> LIVE.verify(
                TestVectors.evidence(TestVectors.normal()),
                VerificationContext.builder(TestVectors.NORMAL_NOW).expectReportData(ReportData.of(new byte[64])).build()));
        assertEquals(RejectionReason.REPORT_DATA_MISMATCH, rd.reason());
        String ones = "01".repeat(1024);
        LIVE.verify(TestVectors.evidence(TestVectors.normal()), VerificationContext.builder(TestVectors.NORMAL_NOW)
                .expectReportData(c.reportData()).hint(VerifierSettings.HINT_NONCE, ones).build());
        EvidenceRejectedException nonce = assertThrows(EvidenceRejectedException.class, () -> LIVE.verify(
                TestVectors.evidence(TestVectors.normal()),
                VerificationContext.builder(TestVectors.NORMAL_NOW).hint(VerifierSettings.HINT_NONCE, "02" + ones.substring(2)).build()));
        assertEquals(RejectionReason.NONCE_MISMATCH, nonce.reason());
    }

    @Test
    void selfSignedDocumentDoesNotChainToTheAwsRoot() {
        // COSE signature valid under its own certificate, empty cabundle, timestamp in seconds.
        EvidenceRejectedException e = assertThrows(EvidenceRejectedException.class, () -> with(TimeMode.AUDIT, false)
                .verify(TestVectors.evidence(TestVectors.selfSigned()), VerificationContext.at(Instant.parse("2024-04-17T19:00:00Z"))));
        assertEquals(RejectionReason.UNTRUSTED_ROOT, e.reason());
    }

    @Test
    void bundledRootIsPinnedByFingerprint() {
        assertEquals(TrustedRoot.AWS_ROOT_G1_SHA256, TrustedRoot.aws().sha256());
        assertEquals("CN=aws.nitro-enclaves,OU=AWS,O=Amazon,C=US", TrustedRoot.aws().certificate().getSubjectX500Principal().getName());
        assertEquals(true, HexFormat.of().formatHex(TrustedRoot.aws().certificate().getSerialNumber().toByteArray()).contains("f9317568"));
    }
}
