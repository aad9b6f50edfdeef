package io.ccl.tee.sevsnp.attest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.attestation.api.VerificationException;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.AttesterException;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.sevsnp.SevSnpAttester;
import io.ccl.tee.sevsnp.SevSnpVerifier;
import io.ccl.tee.sevsnp.TestVectors;
import io.ccl.tee.tsm.Configfs;
import io.ccl.tee.tsm.TsmReports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configfs-tsm protocol against a fake kernel built from a real configfs-tsm report (outblob
 * and auxblob of veraison-services). A canned report cannot carry new report data, so the TCK's
 * AttesterContract (which checks the binding of fresh report data) does not apply to this fake;
 * it applies on SEV-SNP hardware only.
 */
class SevSnpAttesterTest {
    private static final TestVectors.Vector REAL = TestVectors.TSM_GENOA;
    private static final byte[] AUXBLOB = TestVectors.read("veraison-services/derived_sevsnp-tsm-report_auxblob.bin");

    @TempDir
    Path root;

    private FakeTsmKernel kernel(String provider) {
        return new FakeTsmKernel(provider, REAL.reportBytes(), AUXBLOB);
    }

    private boolean empty() throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.findAny().isEmpty();
        }
    }

    @Test
    void followsTheProtocolAndCleansUp() throws Exception {
        FakeTsmKernel kernel = kernel("sev_guest");
        SevSnpAttester attester = new SevSnpAttester(new TsmReports(root, SevSnpAttester.PROVIDER, kernel));
        Evidence evidence = attester.attest(ReportData.of(new byte[] {1, 2, 3}));
        assertEquals("sevsnp", evidence.teeType());
        assertArrayEquals(REAL.reportBytes(), evidence.payload());
        assertEquals("auxblob", evidence.collateral().get(0).name());
        assertEquals(List.of("mkdir", "read provider", "write inblob", "read generation", "read outblob", "read auxblob",
                "read generation", "rmdir"), kernel.log());
        assertTrue(empty(), "the report directory is removed");

        // The canned real report verifies with the certificate table the fake returned.
        VerifiedClaims claims = new SevSnpVerifier().verify(evidence, REAL.context().build());
        assertEquals("genoa", claims.claims().get("product"));
    }

    @Test
    void aConcurrentWriterIsDetected() throws IOException {
        FakeTsmKernel kernel = kernel("sev_guest");
        kernel.concurrentWriter = true;
        AttesterException e = assertThrows(AttesterException.class,
                () -> new SevSnpAttester(new TsmReports(root, SevSnpAttester.PROVIDER, kernel)).attest(ReportData.of(new byte[64])));
        assertTrue(e.getMessage().contains("generation"), e.getMessage());
        assertTrue(empty());
    }

    @Test
    void anotherProviderIsRefused() throws IOException {
        FakeTsmKernel kernel = kernel("tdx_guest");
        assertThrows(AttesterException.class,
                () -> new SevSnpAttester(new TsmReports(root, SevSnpAttester.PROVIDER, kernel)).attest(ReportData.of(new byte[64])));
        assertFalse(kernel.log().contains("write inblob"));
        assertTrue(empty());
        assertFalse(new TsmReports(root, SevSnpAttester.PROVIDER, kernel).available());
    }

    @Test
    void aFailedCleanupIsReported() {
        FakeTsmKernel kernel = kernel("sev_guest");
        kernel.failRmdir = true;
        assertThrows(AttesterException.class,
                () -> new SevSnpAttester(new TsmReports(root, SevSnpAttester.PROVIDER, kernel)).attest(ReportData.of(new byte[64])));
    }

    @Test
    void detectionNeedsConfigfsTsmWithTheSevGuestProvider() throws IOException {
        assertTrue(new TsmReports(root, SevSnpAttester.PROVIDER, kernel("sev_guest")).available());
        assertTrue(empty(), "the probe directory is removed");
        assertFalse(new TsmReports(root.resolve("missing"), SevSnpAttester.PROVIDER, kernel("sev_guest")).available());
        assertFalse(new TsmReports(root, SevSnpAttester.PROVIDER, Configfs.kernel()).available(), "a plain directory is not configfs-tsm");
    }

    @Test
    void withoutAuxblobTheEvidenceCarriesNoCollateral() throws VerificationException, AttesterException {
        FakeTsmKernel kernel = new FakeTsmKernel("sev_guest", REAL.reportBytes(), null);
        Evidence evidence = new SevSnpAttester(new TsmReports(root, SevSnpAttester.PROVIDER, kernel)).attest(ReportData.of(new byte[64]));
        assertTrue(evidence.collateral().isEmpty());
    }
}
