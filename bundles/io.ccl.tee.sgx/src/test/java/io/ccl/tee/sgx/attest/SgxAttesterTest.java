package io.ccl.tee.sgx.attest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.attestation.api.VerificationContext;
import io.ccl.tee.api.AttesterException;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.sgx.verify.SgxEvidenceVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gramine's /dev/attestation protocol against a fake tree whose {@code quote} file is a real quote (Occlum's, from
 * Trustee). The fake returns canned bytes, so this checks the protocol, not the report-data binding.
 */
class SgxAttesterTest {
    @TempDir
    Path dir;

    private Path fakeTree(String type) throws IOException {
        Files.writeString(dir.resolve("attestation_type"), type + "\n");
        Files.write(dir.resolve("user_report_data"), new byte[64]);
        try (InputStream in = getClass().getResourceAsStream("/io/ccl/tee/sgx/testdata/trustee/occlum_quote.dat")) {
            Files.write(dir.resolve("quote"), in.readAllBytes());
        }
        return dir;
    }

    @Test
    void writesUserReportDataAndReturnsTheQuote() throws Exception {
        SgxAttester attester = new SgxAttester(fakeTree("dcap"));
        byte[] rd = new byte[64];
        rd[5] = 9;
        Evidence evidence = attester.attest(ReportData.of(rd));
        assertEquals("sgx", evidence.teeType());
        assertArrayEquals(rd, Files.readAllBytes(dir.resolve("user_report_data")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("quote")), evidence.payload());
        assertEquals(true, new SgxEvidenceVerifier().verify(evidence, VerificationContext
                .builder(Instant.parse("2025-01-01T00:00:00Z"))
                .collateralPolicy(VerificationContext.CollateralPolicy.ALLOW_UNAVAILABLE).build()).claims().get("debug"));
    }

    @Test
    void onlyDcapAttestationIsDetected() throws IOException {
        assertTrue(new GramineAttestation(fakeTree("dcap")).available());
        assertFalse(new GramineAttestation(fakeTree("epid")).available());
        assertFalse(new GramineAttestation(dir.resolve("missing")).available());
        assertThrows(AttesterException.class, () -> new SgxAttester(dir).attest(ReportData.of(new byte[64])));
    }
}
