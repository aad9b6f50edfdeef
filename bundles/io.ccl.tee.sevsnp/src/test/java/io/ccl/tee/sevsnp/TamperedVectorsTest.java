package io.ccl.tee.sevsnp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.tee.api.Evidence;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tampered vectors of TAMPERED_LOG.tsv, each with the reason its defect deserves. */
class TamperedVectorsTest {
    private static final SevSnpVerifier VERIFIER = new SevSnpVerifier();

    /** Source vector of each tampered file (column "source" of the log) and the expected reason. */
    private static final Map<String, TestVectors.Vector> SOURCES = Map.of(
            "go-sev-guest/attestation.bin", TestVectors.GO_SEV_GUEST,
            "virtee-sev/report_milan.bin", TestVectors.VIRTEE_MILAN,
            "trustee/snp_test-report.bin", TestVectors.TRUSTEE_MILAN);

    private static final Map<String, RejectionReason> EXPECTED = Map.of(
            "snp_milan_v2_reportdata_flipped.bin", RejectionReason.BAD_SIGNATURE,
            "snp_milan_v2_sig_r_flipped.bin", RejectionReason.BAD_SIGNATURE,
            "snp_milan_v2_byte21_flipped.bin", RejectionReason.BAD_SIGNATURE,
            "snp_milan_v2_byte42_inc.bin", RejectionReason.BAD_SIGNATURE,
            "snp_milan_v2_reportedtcb_inc.bin", RejectionReason.TCB_MISMATCH);

    @Test
    void everyTamperedSnpVectorIsRejectedWithItsReason() {
        List<String> lines = new String(TestVectors.read("tampered/TAMPERED_LOG.tsv"), StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("snp_")).toList();
        assertEquals(EXPECTED.size(), lines.size(), "every SNP line of the log is covered");
        for (String line : lines) {
            String[] cols = line.split("\t");
            TestVectors.Vector source = SOURCES.get(cols[1]);
            Evidence tampered = new Evidence("sevsnp", TestVectors.read("tampered/" + cols[0]), source.collateralList());
            EvidenceRejectedException e = assertThrows(EvidenceRejectedException.class,
                    () -> VERIFIER.verify(tampered, source.context().build()), cols[0]);
            assertEquals(EXPECTED.get(cols[0]), e.reason(), cols[0]);
            assertFalse(e.getMessage().isBlank());
        }
    }
}
