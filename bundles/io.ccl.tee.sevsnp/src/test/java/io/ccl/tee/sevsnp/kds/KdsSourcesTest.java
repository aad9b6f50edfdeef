package io.ccl.tee.sevsnp.kds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.sevsnp.SevSnpVerifier;
import io.ccl.tee.sevsnp.SyntheticReport;
import io.ccl.tee.sevsnp.TestHierarchy;
import io.ccl.tee.sevsnp.TestVectors;
import io.ccl.tee.sevsnp.abi.AttestationReport;
import io.ccl.tee.sevsnp.abi.Product;
import io.ccl.tee.sevsnp.abi.TcbVersion;
import io.ccl.tee.sevsnp.verify.ReportVerifier;
import io.ccl.tee.sevsnp.verify.TrustedRoots;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Collateral from the KDS (a local fake with the real URL shapes) and from an offline cache directory. */
class KdsSourcesTest {
    private static final TestHierarchy TURIN = TestHierarchy.of(Product.TURIN);
    private static final KeyPair KEY = TestHierarchy.p384();
    private static final long TURIN_TCB = 0x7300000008000301L;
    private static final Map<String, Integer> TURIN_SPL = Map.of("fmcSPL", 1, "blSPL", 3, "teeSPL", 0, "snpSPL", 8,
            "ucodeSPL", 0x73);

    private FakeKds kds;

    @TempDir
    Path cacheDir;

    @BeforeEach
    void start() throws Exception {
        kds = new FakeKds();
    }

    @AfterEach
    void stop() {
        kds.close();
    }

    private KdsClient client(int attempts, VcekCacheDirectory writeThrough) {
        return new KdsClient(new KdsClient.Settings(kds.baseUrl(), Duration.ofSeconds(5), attempts, Duration.ofMillis(5),
                Duration.ofMillis(50)), writeThrough);
    }

    private static byte[] turinReport() {
        byte[] report = new SyntheticReport(3, Product.TURIN).tcb(TURIN_TCB).bytes();
        TestHierarchy.sign(report, KEY.getPrivate());
        return report;
    }

    private static String pem(byte[]... ders) {
        StringBuilder sb = new StringBuilder();
        for (byte[] der : ders) {
            sb.append("-----BEGIN CERTIFICATE-----\n").append(Base64.getMimeEncoder().encodeToString(der))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return sb.toString();
    }

    @Test
    void turinVcekChainAndCrlComeFromTheKds() throws Exception {
        byte[] hwid = TURIN.spec().hwid();
        kds.vcek(Product.TURIN, hwid, TURIN_SPL, TURIN.vcek(TURIN.spec(), KEY.getPublic()))
                .certChain(Product.TURIN, pem(TURIN.ask, TURIN.ark).getBytes(StandardCharsets.US_ASCII))
                .crl(Product.TURIN, TURIN.crl());
        // Only the ARK is pinned: the ASK must come from the KDS cert_chain.
        SevSnpVerifier verifier = new SevSnpVerifier(TrustedRoots.of(List.of(TURIN.ark)),
                List.of(ReportVerifier.EVIDENCE, client(3, null)), ReportVerifier.CrlPolicy.FAIL_CLOSED);
        Evidence bare = new Evidence("sevsnp", turinReport());
        VerifiedClaims claims = verifier.verify(bare, VerificationContext.at(TestHierarchy.NOW));
        assertEquals(true, claims.claims().get("crl_checked"));
        assertEquals(List.of("/vcek/v1/Turin/1111111111111111?blSPL=3&teeSPL=0&snpSPL=8&ucodeSPL=115&fmcSPL=1",
                "/vcek/v1/Turin/cert_chain", "/vcek/v1/Turin/crl"), kds.requests());
        verifier.verify(bare, VerificationContext.at(TestHierarchy.NOW));
        assertEquals(3, kds.requests().size(), "VCEK, chain and current CRL are cached");
    }

    @Test
    void aRevokedAskFromTheKdsCrlIsRejected() throws Exception {
        kds.vcek(Product.TURIN, TURIN.spec().hwid(), TURIN_SPL, TURIN.vcek(TURIN.spec(), KEY.getPublic()))
                .crl(Product.TURIN, TURIN.crl(TURIN.askSerial));
        SevSnpVerifier verifier = new SevSnpVerifier(TURIN.roots(), List.of(ReportVerifier.EVIDENCE, client(1, null)),
                ReportVerifier.CrlPolicy.CONTEXT);
        assertEquals(RejectionReason.CERT_REVOKED, assertThrows(EvidenceRejectedException.class,
                () -> verifier.verify(new Evidence("sevsnp", turinReport()), VerificationContext.at(TestHierarchy.NOW)))
                .reason());
    }

    @Test
    void tooManyRequestsAndServerErrorsAreRetried() throws Exception {
        kds.vcek(Product.TURIN, TURIN.spec().hwid(), TURIN_SPL, TURIN.vcek(TURIN.spec(), KEY.getPublic()))
                .crl(Product.TURIN, TURIN.crl());
        kds.fail(429, 0).fail(503, -1);
        SevSnpVerifier verifier = new SevSnpVerifier(TURIN.roots(), List.of(client(3, null)), ReportVerifier.CrlPolicy.CONTEXT);
        verifier.verify(new Evidence("sevsnp", turinReport()), VerificationContext.at(TestHierarchy.NOW));
        assertEquals(4, kds.requests().size());
    }

    @Test
    void aKdsThatKeepsFailingMakesCollateralUnavailable() throws Exception {
        for (int i = 0; i < 6; i++) {
            kds.fail(500, -1);
        }
        SevSnpVerifier verifier = new SevSnpVerifier(TURIN.roots(), List.of(client(2, null)), ReportVerifier.CrlPolicy.CONTEXT);
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> verifier.verify(new Evidence("sevsnp", turinReport()), VerificationContext.at(TestHierarchy.NOW)));
        assertEquals("VCEK", e.collateral());
        assertEquals(2, kds.requests().size());
    }

    @Test
    void unknownChipsAreNotFoundWithoutRetries() {
        KdsClient client = client(3, null);
        assertTrue(client.vcek(Product.MILAN, new byte[64], new TcbVersion(0, Product.MILAN)).isEmpty());
        assertEquals(1, kds.requests().size());
    }

    @Test
    void fetchedVceksAreWrittenToTheCacheDirectoryForOfflineUse() throws Exception {
        TestVectors.Vector v = TestVectors.GO_SEV_GUEST;
        AttestationReport report = AttestationReport.parse(v.reportBytes());
        kds.vcek(Product.MILAN, report.chipId(), Map.of("blSPL", 2, "teeSPL", 0, "snpSPL", 5, "ucodeSPL", 0x44),
                TestVectors.read("go-sev-guest/vcek.testcer"));
        VcekCacheDirectory cache = new VcekCacheDirectory(cacheDir);
        Evidence bare = new Evidence("sevsnp", v.reportBytes());
        VerificationContext context = v.context().hint("product", "milan").build();
        new SevSnpVerifier(TrustedRoots.amd(), List.of(ReportVerifier.EVIDENCE, cache, client(1, cache)),
                ReportVerifier.CrlPolicy.CONTEXT).verify(bare, context);
        Path stored = cacheDir.resolve("vcek/Milan/" + java.util.HexFormat.of().formatHex(report.chipId())
                + "/0200000000000544.der");
        assertTrue(Arrays.equals(TestVectors.read("go-sev-guest/vcek.testcer"), Files.readAllBytes(stored)));

        kds.close();
        VerifiedClaims offline = new SevSnpVerifier(TrustedRoots.amd(), List.of(cache), ReportVerifier.CrlPolicy.CONTEXT)
                .verify(bare, context);
        assertEquals("milan", offline.claims().get("product"));
    }

    @Test
    void theServiceLoaderVerifierReadsTheCacheDirectoryFromASystemProperty() throws Exception {
        TestVectors.Vector v = TestVectors.AZURE_V1;
        AttestationReport report = AttestationReport.parse(v.reportBytes());
        new VcekCacheDirectory(cacheDir).storeVcek(Product.MILAN, report.chipId(),
                new TcbVersion(report.reportedTcb(), Product.MILAN), TestVectors.read("trustee/derived_az-snp-v1_vcek.der"));
        System.setProperty(SevSnpVerifier.CACHE_DIR_PROPERTY, cacheDir.toString());
        try {
            new SevSnpVerifier().verify(new Evidence("sevsnp", v.reportBytes()), v.context().build());
        } finally {
            System.clearProperty(SevSnpVerifier.CACHE_DIR_PROPERTY);
        }
    }
}
