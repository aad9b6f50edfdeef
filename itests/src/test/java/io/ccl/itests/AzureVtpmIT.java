package io.ccl.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.ccl.tee.azure.HclReports;
import io.ccl.tee.azure.Swtpm;
import io.ccl.tee.azure.SwtpmProvisioning;
import io.ccl.tee.azure.attest.Tpm;
import io.ccl.tee.azure.attest.Tpm2Device;
import io.ccl.tee.azure.tpm.TpmQuote;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The Azure backend's DS wiring on a real Felix: the attester exists only while the platform
 * component has found a vTPM holding an HCL report. The vTPM is swtpm (a real TPM 2.0) provisioned
 * like Azure's, reached through the attester's {@code device=unix:…} setting; the VCEK comes from an
 * in-test IMDS. The azure bundle is installed into the running dev runtime and configured through
 * FileInstall, as an operator would.
 */
class AzureVtpmIT {
    static final String PID = "io.ccl.tee.azure.attester";
    static final String FILTER = "(ccl.tee.type=azsnpvtpm)";
    static FelixRuntime runtime;
    static Path home;
    static Path config;
    static Bundle azure;
    static HttpServer imds;
    static byte[] vcekPem;

    @BeforeAll
    static void boot() throws Exception {
        home = Path.of(System.getProperty("ccl.it.home"));
        config = home.resolve("config/" + PID + ".config");
        runtime = FelixRuntime.startHealthy(home);
        try (InputStream in = HclReports.class.getResourceAsStream("testdata/trustee/az-snp-vtpm_vcek.pem")) {
            vcekPem = in.readAllBytes();
        }
        imds = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        imds.createContext("/metadata/THIM/amd/certification", ex -> {
            byte[] body = new ObjectMapper().writeValueAsBytes(Map.of("vcekCert",
                    new String(vcekPem, StandardCharsets.US_ASCII), "certificateChain", "", "tcbm", "DB18000000000004"));
            int status = "true".equals(ex.getRequestHeaders().getFirst("Metadata")) ? 200 : 400;
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        imds.start();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            Files.deleteIfExists(config);
            if (azure != null) {
                azure.uninstall();
            }
            if (imds != null) {
                imds.stop(0);
            }
        } finally {
            if (runtime != null) {
                runtime.close();
            }
        }
    }

    static List<ServiceReference<?>> attesters() throws Exception {
        // all references: the test's class path has its own copy of the API, which the framework would filter out
        ServiceReference<?>[] refs = runtime.framework.getBundleContext().getAllServiceReferences(
                "io.ccl.tee.api.Attester", FILTER);
        return refs == null ? List.of() : List.of(refs);
    }

    static void awaitAttesters(int n) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (attesters().size() != n && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertEquals(n, attesters().size(), "azsnpvtpm attesters registered");
    }

    static void configure(String device) throws Exception {
        Files.writeString(config, "device=\"" + device + "\"\nimds.url=\"http://127.0.0.1:" + imds.getAddress().getPort()
                + "\"\n");
    }

    @Test
    void theAttesterFollowsThePlatformAndAttestsThroughTheVtpm() throws Exception {
        BundleContext ctx = runtime.framework.getBundleContext();
        azure = ctx.installBundle(Path.of(System.getProperty("ccl.it.bundles"), "io.ccl.tee.azure.jar").toUri().toString());
        azure.start();
        assertEquals(Bundle.ACTIVE, azure.getState());
        assertEquals(List.of(), runtime.inactiveBundles());
        Thread.sleep(1000);
        assertEquals(List.of(), attesters(), "no vTPM here (default /dev/tpmrm0): no attester");

        try (Swtpm azureLike = Swtpm.start(); Swtpm plain = Swtpm.start()) {
            Tpm2Device provisioning = new Tpm2Device(azureLike);
            SwtpmProvisioning p = new SwtpmProvisioning(provisioning);
            RSAPublicKey ak = p.createAk(Tpm.AK_HANDLE);
            byte[] hcl = HclReports.build(ak, true);
            p.defineAndWrite(Tpm.HCL_REPORT_NV_INDEX, hcl);
            azureLike.disconnect(); // swtpm serves one client at a time

            configure(azureLike.location());
            awaitAttesters(1);

            // call the registered service as a consumer in the framework would
            ServiceReference<?> ref = attesters().get(0);
            Object attester = ctx.getService(ref);
            try {
                Class<?> reportData = ref.getBundle().loadClass("io.ccl.tee.api.ReportData");
                byte[] digest = new byte[48];
                new SecureRandom().nextBytes(digest);
                digest[47] = 1;
                Object rd = reportData.getMethod("of", byte[].class).invoke(null, (Object) digest);
                Object evidence = attester.getClass().getMethod("attest", reportData).invoke(attester, rd);
                assertEquals("azsnpvtpm", evidence.getClass().getMethod("teeType").invoke(evidence));
                JsonNode json = new ObjectMapper().readTree((byte[]) evidence.getClass().getMethod("payload").invoke(evidence));

                assertEquals(1, json.get("version").asInt());
                assertArrayEquals(hcl, Base64.getUrlDecoder().decode(json.get("hcl_report").asText()));
                byte[] vcekDer = CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(vcekPem)).getEncoded();
                assertArrayEquals(vcekDer, Base64.getUrlDecoder().decode(json.get("vcek").asText()), "VCEK from IMDS");
                JsonNode q = json.get("tpm_quote");
                List<byte[]> pcrs = new ArrayList<>();
                q.get("pcrs").forEach(v -> pcrs.add(HexFormat.of().parseHex(v.asText())));
                TpmQuote quote = TpmQuote.of(HexFormat.of().parseHex(q.get("message").asText()),
                        HexFormat.of().parseHex(q.get("signature").asText()), pcrs);
                quote.verifySignature(ak); // signed inside the TPM by the key provisioned at 0x81000003
                quote.verifyPcrs();
                assertEquals(24, pcrs.size());
                assertArrayEquals(digest, quote.attest().extraData(), "the report data is the quote's qualifyingData");
            } finally {
                ctx.ungetService(ref);
            }

            // a TPM without the HCL index: the platform withdraws its condition and the attester goes
            configure(plain.location());
            awaitAttesters(0);
            configure(azureLike.location());
            awaitAttesters(1);
        }
        Files.delete(config);
        awaitAttesters(0);
        assertTrue(azure.getState() == Bundle.ACTIVE);
    }
}
