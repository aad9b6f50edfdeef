package io.ccl.tee.azure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.AttesterException;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.azure.attest.ImdsCollateral;
import io.ccl.tee.azure.attest.Tpm;
import io.ccl.tee.azure.attest.Tpm2Device;
import io.ccl.tee.azure.attest.VtpmAttester;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The IMDS client against an in-JVM HTTP server that answers as Azure's IMDS documents it (THIM
 * certification JSON, /acc/tdquote), and the TDX attester end to end with swtpm and that server.
 */
class ImdsCollateralTest {
    private static final String SECRETISH = "body-marker-7f3a";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private final AtomicReference<Handler> handler = new AtomicReference<>();

    @FunctionalInterface
    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            try {
                handler.get().handle(ex);
            } finally {
                ex.close();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ImdsCollateral imds() {
        return new ImdsCollateral(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(5));
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Test
    void vcekComesFromThimWithTheMetadataHeader() throws Exception {
        byte[] pem = Vectors.read("trustee/az-snp-vtpm_vcek.pem");
        handler.set(ex -> {
            if (!"GET".equals(ex.getRequestMethod()) || !"/metadata/THIM/amd/certification".equals(ex.getRequestURI().getPath())
                    || !"true".equals(ex.getRequestHeaders().getFirst("Metadata"))) {
                send(ex, 400, "{\"error\":\"bad request\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            send(ex, 200, JSON.writeValueAsBytes(Map.of("vcekCert", new String(pem, StandardCharsets.US_ASCII),
                    "certificateChain", "-----BEGIN CERTIFICATE-----\n...", "tcbm", "DB18000000000004",
                    "cacheControl", "86400")));
        });
        byte[] expected = CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem))
                .getEncoded();
        assertArrayEquals(expected, imds().vcek());
    }

    @Test
    void everyBadAnswerIsAnIoExceptionThatDoesNotQuoteTheBody() {
        Map<String, Handler> cases = Map.of(
                "HTTP 404", ex -> send(ex, 404, ("{\"error\":\"" + SECRETISH + "\"}").getBytes(StandardCharsets.UTF_8)),
                "HTTP 302", ex -> {
                    ex.getResponseHeaders().add("Location", "http://example.invalid/");
                    send(ex, 302, new byte[0]);
                },
                "did not answer JSON", ex -> send(ex, 200, (SECRETISH + " <html>").getBytes(StandardCharsets.UTF_8)),
                "has no vcekCert", ex -> send(ex, 200, ("{\"vcekCert\":5,\"x\":\"" + SECRETISH + "\"}").getBytes(StandardCharsets.UTF_8)),
                "not an X.509", ex -> send(ex, 200, ("{\"vcekCert\":\"" + SECRETISH + "\"}").getBytes(StandardCharsets.UTF_8)),
                "more than", ex -> {
                    byte[] big = new byte[300 * 1024];
                    Arrays.fill(big, (byte) 'a');
                    send(ex, 200, big);
                });
        cases.forEach((expected, h) -> {
            handler.set(h);
            IOException x = assertThrows(IOException.class, () -> imds().vcek(), expected);
            assertTrue(x.getMessage().contains(expected), expected + " / " + x.getMessage());
            assertFalse(x.getMessage().contains(SECRETISH), x.getMessage());
        });
    }

    @Test
    void unreachableImdsIsAnAttesterErrorNotACrash() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (Swtpm swtpm = SwtpmAttesterTest.azureLike(false)) {
            VtpmAttester attester = new VtpmAttester(AzTdxVtpmVerifier.TYPE, new Tpm2Device(swtpm),
                    new ImdsCollateral(URI.create("http://127.0.0.1:" + closed), Duration.ofSeconds(2)));
            AttesterException x = assertThrows(AttesterException.class, () -> attester.attest(ReportData.of(new byte[] {1})));
            assertTrue(x.getMessage().contains("vTPM failed"), x.getMessage());
        }
    }

    /** The TDX attester: the HCL report's TDREPORT goes to /acc/tdquote, the quote comes back into the evidence. */
    @Test
    void tdxAttesterOnSwtpmGetsItsTdQuoteFromImds() throws Exception {
        AtomicReference<byte[]> posted = new AtomicReference<>();
        handler.set(ex -> {
            JsonNode body = JSON.readTree(ex.getRequestBody());
            if (!"POST".equals(ex.getRequestMethod()) || !"/acc/tdquote".equals(ex.getRequestURI().getPath())
                    || body.size() != 1 || !body.path("report").isTextual()) {
                send(ex, 400, new byte[0]);
                return;
            }
            byte[] report = Base64.getUrlDecoder().decode(body.get("report").asText());
            posted.set(report);
            send(ex, 200, JSON.writeValueAsBytes(Map.of("quote", Base64.getUrlEncoder().encodeToString(fakeQuote(
                    Arrays.copyOfRange(report, HclReports.TDREPORT_REPORT_DATA, HclReports.TDREPORT_REPORT_DATA + 64))))));
        });
        try (Swtpm swtpm = SwtpmAttesterTest.azureLike(false)) {
            Tpm2Device tpm = new Tpm2Device(swtpm);
            byte[] digest = new byte[48];
            new SecureRandom().nextBytes(digest);
            ReportData rd = ReportData.of(digest);
            Evidence e = new VtpmAttester(AzTdxVtpmVerifier.TYPE, tpm, imds()).attest(rd);

            byte[] hcl = tpm.nvRead(Tpm.HCL_REPORT_NV_INDEX);
            assertArrayEquals(Arrays.copyOfRange(hcl, 32, 32 + 1024), posted.get(), "IMDS got the HCL report's TDREPORT");
            VerifiedClaims claims = new AzTdxVtpmVerifier(new FakeTdx()).verify(e,
                    VerificationContext.builder(Instant.parse("2026-01-01T00:00:00Z")).expectReportData(rd).build());
            assertArrayEquals(rd.bytes(), claims.reportData().bytes());
            assertEquals(true, claims.claims().get("fake_tdx"));
        }
    }

    /** A DCAP v4 quote shell (48-byte header, 584-byte TD body with REPORTDATA at 520, no signature data). */
    static byte[] fakeQuote(byte[] reportData) {
        ByteBuffer b = ByteBuffer.allocate(48 + 584 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0, (short) 4);
        b.position(48 + 520);
        b.put(reportData);
        return b.array();
    }

    /** Stand-in for the tdx verifier: returns the shell quote's REPORTDATA. */
    static final class FakeTdx implements EvidenceVerifier {
        @Override
        public String teeType() {
            return "tdx";
        }

        @Override
        public VerifiedClaims verify(Evidence evidence, VerificationContext context) {
            byte[] q = evidence.payload();
            return new VerifiedClaims("tdx", ReportData.of(Arrays.copyOfRange(q, 48 + 520, 48 + 584)),
                    Map.of("fake_tdx", true));
        }
    }
}
