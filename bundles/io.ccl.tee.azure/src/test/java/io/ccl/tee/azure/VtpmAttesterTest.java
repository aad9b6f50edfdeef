package io.ccl.tee.azure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerificationException;
import io.ccl.tee.api.AttesterException;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.azure.attest.VtpmAttester;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The attester on a vTPM whose largest hash is SHA-384 (qualifyingData at most 50 bytes), like Azure's. */
class VtpmAttesterTest {
    private static final VerificationContext NOW = VerificationContext.at(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void cclBindingOf48BytesFitsAndVerifies() throws GeneralSecurityException, AttesterException, VerificationException {
        VtpmAttester attester = new VtpmAttester("azsnpvtpm", new FakeVtpm(50), r -> new byte[] {0x30, 0});
        byte[] digest = new byte[48];
        new SecureRandom().nextBytes(digest);
        digest[47] = 1;
        ReportData rd = ReportData.of(digest);
        Evidence e = attester.attest(rd);
        var verifier = new AzSnpVtpmVerifier(new FakeSevSnp());
        assertArrayEquals(rd.bytes(), verifier.verify(e, VerificationContext.builder(NOW.now()).expectReportData(rd)
                .build()).reportData().bytes());
        byte[] other = rd.bytes();
        other[63] = 1;
        EvidenceRejectedException x = assertThrows(EvidenceRejectedException.class, () -> verifier.verify(e,
                VerificationContext.builder(NOW.now()).expectReportData(ReportData.of(other)).build()));
        assertEquals(RejectionReason.REPORT_DATA_MISMATCH, x.reason());
    }

    @Test
    void fullSixtyFourBytesDoNotFitASha384Tpm() throws GeneralSecurityException {
        VtpmAttester attester = new VtpmAttester("azsnpvtpm", new FakeVtpm(50), r -> new byte[] {0x30, 0});
        byte[] full = new byte[64];
        Arrays.fill(full, (byte) 7);
        assertThrows(AttesterException.class, () -> attester.attest(ReportData.of(full)));
    }

    @Test
    void wrongTypeOfHclReportIsRefused() throws GeneralSecurityException {
        VtpmAttester attester = new VtpmAttester("aztdxvtpm", new FakeVtpm(66), r -> new byte[] {0});
        assertThrows(AttesterException.class, () -> attester.attest(ReportData.of(new byte[] {1})));
    }

    /** Stand-in for the sevsnp verifier: returns the unsigned fake report's REPORT_DATA. */
    static final class FakeSevSnp implements io.ccl.attestation.api.EvidenceVerifier {
        @Override
        public String teeType() {
            return "sevsnp";
        }

        @Override
        public io.ccl.attestation.api.VerifiedClaims verify(Evidence evidence, VerificationContext context) {
            byte[] r = evidence.payload();
            return new io.ccl.attestation.api.VerifiedClaims("sevsnp", ReportData.of(Arrays.copyOfRange(r, 0x50, 0x90)),
                    Map.of("fake", true));
        }
    }
}
