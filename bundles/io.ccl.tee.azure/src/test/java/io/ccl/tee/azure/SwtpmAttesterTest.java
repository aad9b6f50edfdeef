package io.ccl.tee.azure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.AttesterException;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.azure.attest.Tpm;
import io.ccl.tee.azure.attest.Tpm2Device;
import io.ccl.tee.azure.attest.VtpmAttester;
import io.ccl.tee.azure.tpm.TpmException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The attester's TPM side on a real TPM 2.0 implementation (swtpm/libtpms) provisioned like the Azure
 * vTPM: the commands marshalled by {@link Tpm2Device} go to a TPM, the quote is signed by a TPM-resident
 * key, and the verifier checks what came back. Only the hardware report is a stand-in (unsigned).
 */
class SwtpmAttesterTest {
    private static final VerificationContext.Builder AT = VerificationContext.builder(Instant.parse("2026-01-01T00:00:00Z"));

    /** A swtpm with the AK at 0x81000003 and an HCL report of the given type naming it. */
    static Swtpm azureLike(boolean snp) throws Exception {
        Swtpm swtpm = Swtpm.start();
        Tpm2Device tpm = new Tpm2Device(swtpm);
        SwtpmProvisioning p = new SwtpmProvisioning(tpm);
        RSAPublicKey ak = p.createAk(Tpm.AK_HANDLE);
        p.defineAndWrite(Tpm.HCL_REPORT_NV_INDEX, HclReports.build(ak, snp));
        return swtpm;
    }

    @Test
    void evidenceFromSwtpmVerifiesAndBindsTheReportData() throws Exception {
        try (Swtpm swtpm = azureLike(true)) {
            Tpm2Device tpm = new Tpm2Device(swtpm);
            byte[] pcr23 = new byte[32];
            new SecureRandom().nextBytes(pcr23);
            new SwtpmProvisioning(tpm).extend(23, pcr23);
            VtpmAttester attester = new VtpmAttester(AzSnpVtpmVerifier.TYPE, tpm, r -> new byte[] {0x30, 0});
            byte[] digest = new byte[48];
            new SecureRandom().nextBytes(digest);
            ReportData rd = ReportData.of(digest);

            Evidence e = attester.attest(rd);
            AzSnpVtpmVerifier verifier = new AzSnpVtpmVerifier(new VtpmAttesterTest.FakeSevSnp());
            VerifiedClaims claims = verifier.verify(e, AT.expectReportData(rd).build());
            assertArrayEquals(rd.bytes(), claims.reportData().bytes());
            @SuppressWarnings("unchecked")
            Map<String, Object> pcrs = (Map<String, Object>) claims.claims().get("tpm");
            assertEquals(24, pcrs.size());
            assertEquals(HexFormat.of().formatHex(tpm.pcrRead(List.of(23)).get(0)), pcrs.get("pcr23"));
            assertTrue(!pcrs.get("pcr23").equals(pcrs.get("pcr22")), "PCR 23 was extended");

            byte[] other = rd.bytes();
            other[0] ^= 1;
            EvidenceRejectedException x = assertThrows(EvidenceRejectedException.class, () -> verifier.verify(e,
                    VerificationContext.builder(Instant.parse("2026-01-01T00:00:00Z"))
                            .expectReportData(ReportData.of(other)).build()));
            assertEquals(RejectionReason.REPORT_DATA_MISMATCH, x.reason());
        }
    }

    @Test
    void sixtyFourSignificantBytesFitSwtpmsSha512SizedQualifyingData() throws Exception {
        try (Swtpm swtpm = azureLike(true)) {
            byte[] full = new byte[64];
            new SecureRandom().nextBytes(full);
            full[63] = 7;
            Evidence e = new VtpmAttester(AzSnpVtpmVerifier.TYPE, new Tpm2Device(swtpm), r -> new byte[] {0x30, 0})
                    .attest(ReportData.of(full));
            new AzSnpVtpmVerifier(new VtpmAttesterTest.FakeSevSnp()).verify(e,
                    VerificationContext.builder(Instant.parse("2026-01-01T00:00:00Z"))
                            .expectReportData(ReportData.of(full)).build());
        }
    }

    @Test
    void platformDetectionReadsTheReportType() throws Exception {
        try (Swtpm snp = azureLike(true); Swtpm tdx = azureLike(false); Swtpm plain = Swtpm.start()) {
            assertEquals(Optional.of("azsnpvtpm"), AzurePlatform.detect(new Tpm2Device(snp)));
            assertEquals(Optional.of("aztdxvtpm"), AzurePlatform.detect(new Tpm2Device(tdx)));
            assertEquals(Optional.empty(), AzurePlatform.detect(new Tpm2Device(plain)), "a TPM without the HCL index");
            Tpm2Device t = new Tpm2Device(plain);
            new SwtpmProvisioning(t).defineAndWrite(Tpm.HCL_REPORT_NV_INDEX, "not an HCL report".getBytes());
            assertEquals(Optional.empty(), AzurePlatform.detect(t), "an index that holds something else");
        }
    }

    @Test
    void nvIndicesLargerThanOneBufferAreReadInPieces() throws Exception {
        try (Swtpm swtpm = Swtpm.start()) {
            Tpm2Device tpm = new Tpm2Device(swtpm);
            byte[] data = new byte[2048];
            new SecureRandom().nextBytes(data);
            new SwtpmProvisioning(tpm).defineAndWrite(0x01500010, data);
            assertArrayEquals(data, tpm.nvRead(0x01500010));
            assertEquals(2048, tpm.nvReadPublic(0x01500010).dataSize());
        }
    }

    @Test
    void tpmErrorsAreNamedAndTyped() throws Exception {
        try (Swtpm swtpm = Swtpm.start()) {
            Tpm2Device tpm = new Tpm2Device(swtpm);
            TpmException absent = assertThrows(TpmException.class, () -> tpm.nvRead(0x01400007));
            assertEquals(0x08B, absent.baseCode());
            assertTrue(absent.getMessage().contains("TPM_RC_HANDLE"), absent.getMessage());

            new SwtpmProvisioning(tpm).define(0x01500011, 32);
            Exception unwritten = assertThrows(java.io.IOException.class, () -> tpm.nvRead(0x01500011));
            assertTrue(unwritten.getMessage().contains("never been written"), unwritten.getMessage());

            TpmException noKey = assertThrows(TpmException.class,
                    () -> tpm.quote(Tpm.AK_HANDLE, new byte[] {1}, List.of(0)));
            assertEquals(0x08B, noKey.baseCode(), noKey.getMessage());
            assertTrue(noKey.getMessage().contains("on handle 1"), noKey.getMessage());
        }
    }

    @Test
    void attesterRefusesAQuoteNotSignedByTheReportsAk() throws Exception {
        try (Swtpm swtpm = Swtpm.start()) {
            Tpm2Device tpm = new Tpm2Device(swtpm);
            SwtpmProvisioning p = new SwtpmProvisioning(tpm);
            p.createAk(Tpm.AK_HANDLE);
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            p.defineAndWrite(Tpm.HCL_REPORT_NV_INDEX, HclReports.build((RSAPublicKey) g.generateKeyPair().getPublic(), true));
            AttesterException x = assertThrows(AttesterException.class, () -> new VtpmAttester(AzSnpVtpmVerifier.TYPE,
                    tpm, r -> new byte[0]).attest(ReportData.of(new byte[] {1})));
            assertTrue(x.getMessage().contains("not signed by the HCL report's HCLAkPub"), x.getMessage());
        }
    }
}
