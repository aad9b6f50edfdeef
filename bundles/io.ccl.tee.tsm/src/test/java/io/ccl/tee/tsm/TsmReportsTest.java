package io.ccl.tee.tsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.tee.api.AttesterException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configfs-tsm report protocol against {@link FakeTsmKernel}. */
class TsmReportsTest {
    private static final byte[] AUX = {9, 8, 7};

    @TempDir
    Path root;

    private static byte[] inblob() {
        byte[] b = new byte[64];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i + 1);
        }
        return b;
    }

    private static byte[] report(String privlevel, byte[] inblob) {
        byte[] prefix = ("report:" + privlevel).getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(prefix, prefix.length + inblob.length);
        System.arraycopy(inblob, 0, out, prefix.length, inblob.length);
        return out;
    }

    private boolean empty() throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.findAny().isEmpty();
        }
    }

    @Test
    void outblobOnlyFollowsTheProtocolAndCleansUp() throws Exception {
        FakeTsmKernel kernel = new FakeTsmKernel("tdx_guest", AUX, null);
        TsmReport report = new TsmReports(root, "tdx_guest", kernel).request(inblob());
        assertArrayEquals(report("", inblob()), report.outblob());
        assertEquals(0, report.auxblob().length, "auxblob is not read unless asked for");
        assertEquals(List.of("mkdir", "read provider", "write inblob", "read generation", "read outblob",
                "read generation", "rmdir"), kernel.log());
        assertTrue(empty(), "the report directory is removed");
    }

    @Test
    void auxblobIsReadWhenAskedFor() throws Exception {
        FakeTsmKernel kernel = new FakeTsmKernel("sev_guest", AUX, null);
        TsmReport report = new TsmReports(root, "sev_guest", kernel)
                .request(TsmReports.Request.of(inblob()).withAuxblob());
        assertArrayEquals(AUX, report.auxblob());
        assertEquals(List.of("mkdir", "read provider", "write inblob", "read generation", "read outblob",
                "read auxblob", "read generation", "rmdir"), kernel.log());
    }

    @Test
    void aMissingAuxblobIsEmpty() throws Exception {
        FakeTsmKernel kernel = new FakeTsmKernel("sev_guest", null, null);
        TsmReport report = new TsmReports(root, "sev_guest", kernel)
                .request(TsmReports.Request.of(inblob()).withAuxblob());
        assertEquals(0, report.auxblob().length);
        assertTrue(report.outblob().length > 0);
    }

    @Test
    void shortInblobsAreAcceptedUpTo64Bytes() throws Exception {
        FakeTsmKernel kernel = new FakeTsmKernel("tdx_guest", null, null);
        TsmReports reports = new TsmReports(root, "tdx_guest", kernel);
        assertArrayEquals(report("", new byte[] {5}), reports.request(new byte[] {5}).outblob());
        AttesterException tooLong = assertThrows(AttesterException.class, () -> reports.request(new byte[65]));
        assertTrue(tooLong.getMessage().contains("65"), tooLong.getMessage());
        assertThrows(AttesterException.class, () -> reports.request(new byte[0]));
        assertEquals(List.of("mkdir", "read provider", "write inblob", "read generation", "read outblob",
                "read generation", "rmdir"), kernel.log(), "bad sizes never reach the kernel");
    }

    @Test
    void anotherProviderIsRefusedBeforeAnyWrite() throws IOException {
        FakeTsmKernel kernel = new FakeTsmKernel("sev_guest", AUX, null);
        AttesterException e = assertThrows(AttesterException.class,
                () -> new TsmReports(root, "arm_cca_guest", kernel).request(inblob()));
        assertTrue(e.getMessage().contains("sev_guest"), e.getMessage());
        assertFalse(kernel.log().contains("write inblob"));
        assertTrue(empty());
    }

    @Test
    void aConcurrentWriterDuringTheReadIsDetected() throws IOException {
        FakeTsmKernel kernel = new FakeTsmKernel("sev_guest", AUX, null);
        kernel.concurrentWriter = true;
        AttesterException e = assertThrows(AttesterException.class,
                () -> new TsmReports(root, "sev_guest", kernel).request(inblob()));
        assertTrue(e.getMessage().contains("generation"), e.getMessage());
        assertTrue(empty());
    }

    @Test
    void aWriteBeforeOursIsDetected() throws IOException {
        FakeTsmKernel kernel = new FakeTsmKernel("sev_guest", AUX, null);
        kernel.writerBeforeUs = true;
        AttesterException e = assertThrows(AttesterException.class,
                () -> new TsmReports(root, "sev_guest", kernel).request(inblob()));
        assertTrue(e.getMessage().contains("generation 2 after 1 writes"), e.getMessage());
        assertFalse(kernel.log().contains("read outblob"), "no report is read from a shared directory");
        assertTrue(empty());
    }

    @Test
    void aNonNumericGenerationFails() {
        FakeTsmKernel kernel = new FakeTsmKernel("tdx_guest", null, null);
        kernel.generationText = "x\n";
        assertThrows(AttesterException.class, () -> new TsmReports(root, "tdx_guest", kernel).request(inblob()));
    }

    @Test
    void anEmptyOutblobFails() throws IOException {
        FakeTsmKernel kernel = new FakeTsmKernel("tdx_guest", null, null);
        kernel.emptyOutblob = true;
        AttesterException e = assertThrows(AttesterException.class,
                () -> new TsmReports(root, "tdx_guest", kernel).request(inblob()));
        assertTrue(e.getMessage().contains("empty outblob"), e.getMessage());
        assertTrue(empty());
    }

    @Test
    void privlevelIsWrittenBeforeInblobAndCounted() throws Exception {
        FakeTsmKernel kernel = new FakeTsmKernel("sev_guest", AUX, 0);
        TsmReport report = new TsmReports(root, "sev_guest", kernel)
                .request(TsmReports.Request.of(inblob()).withPrivlevel(2));
        assertArrayEquals(report("2", inblob()), report.outblob());
        assertEquals(List.of("mkdir", "read provider", "read privlevel_floor", "write privlevel", "write inblob",
                "read generation", "read outblob", "read generation", "rmdir"), kernel.log());
    }

    @Test
    void privlevelBelowTheFloorOrWithoutSupportIsRefused() throws IOException {
        FakeTsmKernel floor2 = new FakeTsmKernel("sev_guest", AUX, 2);
        AttesterException below = assertThrows(AttesterException.class, () -> new TsmReports(root, "sev_guest", floor2)
                .request(TsmReports.Request.of(inblob()).withPrivlevel(1)));
        assertTrue(below.getMessage().contains("privlevel_floor 2"), below.getMessage());
        assertFalse(floor2.log().contains("write privlevel"));

        FakeTsmKernel none = new FakeTsmKernel("tdx_guest", null, null);
        AttesterException unsupported = assertThrows(AttesterException.class, () -> new TsmReports(root, "tdx_guest",
                none).request(TsmReports.Request.of(inblob()).withPrivlevel(0)));
        assertTrue(unsupported.getMessage().contains("no privlevel"), unsupported.getMessage());

        FakeTsmKernel any = new FakeTsmKernel("sev_guest", AUX, 0);
        assertThrows(AttesterException.class, () -> new TsmReports(root, "sev_guest", any)
                .request(TsmReports.Request.of(inblob()).withPrivlevel(4)));
        assertEquals(List.of(), any.log(), "an out-of-range privlevel never reaches the kernel");
        assertTrue(empty());
    }

    @Test
    void aFailedCleanupIsReported() {
        FakeTsmKernel kernel = new FakeTsmKernel("tdx_guest", null, null);
        kernel.failRmdir = true;
        AttesterException e = assertThrows(AttesterException.class,
                () -> new TsmReports(root, "tdx_guest", kernel).request(inblob()));
        assertTrue(e.getMessage().contains("cannot remove"), e.getMessage());
    }

    @Test
    void aFailedCleanupAfterAFailureIsSuppressed() {
        FakeTsmKernel kernel = new FakeTsmKernel("sev_guest", null, null);
        kernel.failRmdir = true;
        AttesterException e = assertThrows(AttesterException.class,
                () -> new TsmReports(root, "tdx_guest", kernel).request(inblob()));
        assertTrue(e.getMessage().contains("provider"), e.getMessage());
        assertEquals(1, e.getSuppressed().length);
    }

    @Test
    void aMissingRootIsAnAttesterException() {
        assertThrows(AttesterException.class,
                () -> new TsmReports(root.resolve("missing"), "tdx_guest", Configfs.kernel()).request(inblob()));
    }

    @Test
    void detectionNeedsTheTreeAndTheProvider() throws IOException {
        assertTrue(new TsmReports(root, "arm_cca_guest", new FakeTsmKernel("arm_cca_guest", null, null)).available());
        assertTrue(empty(), "the probe directory is removed");
        assertFalse(new TsmReports(root, "arm_cca_guest", new FakeTsmKernel("tdx_guest", null, null)).available());
        assertFalse(new TsmReports(root.resolve("missing"), "arm_cca_guest",
                new FakeTsmKernel("arm_cca_guest", null, null)).available());
        assertFalse(new TsmReports(root, "arm_cca_guest", Configfs.kernel()).available(),
                "a plain directory is not configfs-tsm");
        assertTrue(empty());
    }

    @Test
    void theRequestAndTheReportKeepTheirBytes() throws Exception {
        byte[] in = inblob();
        TsmReports.Request request = TsmReports.Request.of(in);
        in[0] = 0x7f;
        FakeTsmKernel kernel = new FakeTsmKernel("tdx_guest", null, null);
        TsmReport report = new TsmReports(root, "tdx_guest", kernel).request(request);
        assertArrayEquals(report("", inblob()), report.outblob());
        report.outblob()[0] = 0;
        assertArrayEquals(report("", inblob()), report.outblob());
        assertFalse(report.toString().contains("report:"));
    }
}
