package io.ccl.tee.azure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.attestation.api.VerificationException;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.tck.Sample;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every Azure vector of MANIFEST §2/§3 verifies end to end at its fixed time, with its nonce as report data. */
class AzureVectorsTest {
    private final AzSnpVtpmVerifier snp = new AzSnpVtpmVerifier();
    private final AzTdxVtpmVerifier tdx = new AzTdxVtpmVerifier();

    private VerifiedClaims verify(Sample s, byte[] nonce) throws VerificationException {
        var verifier = s.evidence().teeType().equals(AzSnpVtpmVerifier.TYPE) ? snp : tdx;
        VerifiedClaims c = verifier.verify(s.evidence(),
                Vectors.copy(s.context()).expectReportData(ReportData.of(nonce)).build());
        assertEquals(s.evidence().teeType(), c.teeType());
        assertArrayEquals(ReportData.of(nonce).bytes(), c.reportData().bytes());
        Map<?, ?> tpm = (Map<?, ?>) c.claims().get("tpm");
        assertEquals(24, tpm.size(), "all 24 SHA-256 PCRs are quoted");
        assertEquals(HexFormat.of().formatHex(nonce), c.claims().get("tpm_extra_data"));
        return c;
    }

    @Test
    void snpV0MilanVerifiesWithChallenge() throws VerificationException {
        VerifiedClaims c = verify(Vectors.snp("az-snp-vtpm_evidence-v0.json", Vectors.SNP_NOW), Vectors.CHALLENGE);
        assertEquals(0L, ((Number) c.claims().get("vmpl")).longValue(), c.claims().toString());
    }

    @Test
    void snpV1MilanVerifiesWithChallenge() throws VerificationException {
        verify(Vectors.snp("az-snp-vtpm_evidence-v1.json", Vectors.SNP_NOW), Vectors.CHALLENGE);
    }

    @Test
    void snpV2MilanVerifiesWithItsDigestNonce() throws VerificationException {
        Sample s = Vectors.snp("az-snp-vtpm_evidence-v2.json", Vectors.SNP_NOW);
        byte[] nonce = HexFormat.of().parseHex(
                (String) snp.verify(s.evidence(), s.context()).claims().get("tpm_extra_data"));
        assertEquals(48, nonce.length);
        verify(s, nonce);
    }

    @Test
    void snpGenoaVerifies() throws VerificationException {
        Sample s = Vectors.snp("az-snp-vtpm_evidence-genoa.json", Vectors.SNP_NOW);
        VerifiedClaims c = snp.verify(s.evidence(), s.context());
        assertEquals(48 * 2, ((String) c.claims().get("tpm_extra_data")).length());
    }

    @Test
    void snpOlderHclReportAndBincodeQuoteVerify() throws VerificationException {
        Sample s = new Sample("bin", new Evidence(AzSnpVtpmVerifier.TYPE, Vectors.v0FromBinaries("az-snp-vtpm", true)),
                Vectors.snpContext(Vectors.SNP_OLD_NOW).build());
        verify(s, Vectors.CHALLENGE);
    }

    @Test
    void tdxV0AndV1VerifyWithChallenge() throws VerificationException {
        for (String f : new String[] {"az-tdx-vtpm_evidence-v0.json", "az-tdx-vtpm_evidence-v1.json"}) {
            VerifiedClaims c = verify(Vectors.tdx(f), Vectors.CHALLENGE);
            assertEquals("00806f050000", c.claims().get("fmspc"), c.claims().toString());
            assertTrue(c.claims().containsKey("mr_td"));
            assertTrue(((String) c.claims().get("hw_report_data")).startsWith((String) c.claims().get("hcl_var_data_sha256")));
        }
    }

    @Test
    void tdxBinariesVerify() throws VerificationException {
        Sample s = new Sample("bin", new Evidence(AzTdxVtpmVerifier.TYPE, Vectors.v0FromBinaries("az-tdx-vtpm", false),
                Vectors.tdxCollateral()), Vectors.tdxContext().build());
        VerifiedClaims c = verify(s, Vectors.CHALLENGE);
        assertFalse(c.claims().isEmpty());
    }
}
