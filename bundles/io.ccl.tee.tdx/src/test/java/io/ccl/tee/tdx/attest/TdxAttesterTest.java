package io.ccl.tee.tdx.attest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerificationException;
import io.ccl.tee.api.AttesterException;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.tdx.verify.TdxEvidenceVerifier;
import io.ccl.tee.tsm.Configfs;
import io.ccl.tee.tsm.TsmReports;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configfs-tsm protocol against a fake tree that returns a real quote (trustee tdx_quote_5). */
class TdxAttesterTest {
    @TempDir
    Path dir;

    private static byte[] vector(String name) throws IOException {
        try (InputStream in = TdxAttesterTest.class.getResourceAsStream("/io/ccl/tee/tdx/testdata/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void writesReportDataReadsTheQuoteAndRemovesTheEntry() throws Exception {
        Path root = Files.createDirectories(dir.resolve("tsm/report"));
        FakeConfigfsTsm fake = new FakeConfigfsTsm("tdx_guest", vector("trustee/tdx_quote_5.dat"));
        Path table = Files.write(dir.resolve("CCEL"), vector("go-tdx-guest/ccel_ccel_table.dat"));
        Path data = Files.write(dir.resolve("CCEL.data"), vector("go-tdx-guest/ccel_ccel_data.dat"));
        TdxAttester attester = new TdxAttester(root, table, data, fake);
        byte[] rd = new byte[64];
        rd[0] = 42;
        rd[63] = 7;
        Evidence evidence = attester.attest(ReportData.of(rd));

        assertEquals("tdx", evidence.teeType());
        assertArrayEquals(vector("trustee/tdx_quote_5.dat"), evidence.payload());
        assertEquals(1, fake.inblobs.size());
        assertArrayEquals(rd, fake.inblobs.get(0));
        assertEquals(1, fake.removed.size());
        try (Stream<Path> left = Files.list(root)) {
            assertEquals(0, left.count(), "the report entry must be removed");
        }
        assertEquals("ccel_table", evidence.collateral().get(0).name());
        assertEquals("ccel_data", evidence.collateral().get(1).name());
    }

    @Test
    void evidenceFromTheFakeVerifies() throws AttesterException, VerificationException, IOException {
        Path root = Files.createDirectories(dir.resolve("report"));
        TdxAttester attester = new TdxAttester(root, dir.resolve("none"), dir.resolve("none"),
                new FakeConfigfsTsm("tdx_guest", vector("trustee/tdx_quote_5.dat")));
        Evidence evidence = attester.attest(ReportData.of(new byte[64]));
        Map<String, Object> claims = new TdxEvidenceVerifier().verify(evidence, VerificationContext
                .builder(Instant.parse("2025-01-01T00:00:00Z"))
                .collateralPolicy(VerificationContext.CollateralPolicy.ALLOW_UNAVAILABLE).build()).claims();
        assertEquals("td1.5", claims.get("body_type"));
        assertTrue(evidence.collateral().isEmpty());
    }

    @Test
    void anotherProviderIsRefusedAndCleanedUp() throws IOException {
        Path root = Files.createDirectories(dir.resolve("report"));
        FakeConfigfsTsm fake = new FakeConfigfsTsm("sev_guest", new byte[] {1});
        TdxAttester attester = new TdxAttester(root, dir.resolve("none"), dir.resolve("none"), fake);
        AttesterException e = assertThrows(AttesterException.class, () -> attester.attest(ReportData.of(new byte[64])));
        assertTrue(e.getMessage().contains("sev_guest"), e.getMessage());
        assertEquals(1, fake.removed.size());
    }

    @Test
    void detectionNeedsTheTreeAndTheProvider() throws IOException {
        Path root = Files.createDirectories(dir.resolve("report"));
        assertTrue(new TsmReports(root, "tdx_guest", new FakeConfigfsTsm("tdx_guest", new byte[] {1})).available());
        assertFalse(new TsmReports(root, "tdx_guest", new FakeConfigfsTsm("sev_guest", new byte[] {1})).available());
        assertFalse(new TsmReports(dir.resolve("missing"), "tdx_guest", Configfs.kernel()).available());
    }

    @Test
    void missingInterfaceIsAnAttesterException() {
        TdxAttester attester = new TdxAttester(dir.resolve("missing"), dir.resolve("x"), dir.resolve("y"),
                Configfs.kernel());
        assertThrows(AttesterException.class, () -> attester.attest(ReportData.of(new byte[64])));
    }
}
