package io.ccl.tee.tdx.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationException;
import io.ccl.tee.api.Evidence;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Collateral from a (fake, local) PCS and from an offline directory, through the DS configuration. */
class TdxPcsCollateralTest {
    @TempDir
    Path dir;

    static TdxEvidenceVerifier.Config config(Map<String, Object> values) {
        return (TdxEvidenceVerifier.Config) Proxy.newProxyInstance(TdxPcsCollateralTest.class.getClassLoader(),
                new Class<?>[] {TdxEvidenceVerifier.Config.class}, (proxy, method, args) -> {
                    Object v = values.get(method.getName());
                    return v != null ? v : method.getDefaultValue();
                });
    }

    @Test
    void fetchesFromPcsOnceAndCachesUntilNextUpdate() throws Exception {
        try (FakePcs pcs = new FakePcs(Vectors.bytes("phala/tdx_quote_collateral.json"), "b0c06f000000", true)) {
            TdxEvidenceVerifier verifier = new TdxEvidenceVerifier();
            verifier.configure(config(Map.of("pcs_enabled", true, "pcs_base_url", pcs.baseUrl(),
                    "root_ca_crl_url", pcs.baseUrl() + "/IntelSGXRootCA.der", "cache_dir", dir.toString())));
            Evidence quote = new Evidence("tdx", Vectors.bytes("phala/tdx_quote"));
            Map<String, Object> m = verifier.verify(quote, Vectors.at("2025-07-01T00:00:00Z")).claims();
            assertEquals("UpToDate", m.get("tcb_status"));
            assertEquals(4, pcs.requests.size(), pcs.requests.toString());
            assertTrue(pcs.requests.contains("/tdx/certification/v4/tcb?fmspc=b0c06f000000"), pcs.requests.toString());
            assertTrue(pcs.requests.contains("/sgx/certification/v4/pckcrl?ca=platform&encoding=der"));
            verifier.verify(quote, Vectors.at("2025-07-02T00:00:00Z"));
            assertEquals(4, pcs.requests.size(), "cached until nextUpdate");

            TdxEvidenceVerifier restarted = new TdxEvidenceVerifier();
            restarted.configure(config(Map.of("pcs_enabled", true, "pcs_base_url", pcs.baseUrl(),
                    "root_ca_crl_url", pcs.baseUrl() + "/IntelSGXRootCA.der", "cache_dir", dir.toString())));
            restarted.verify(quote, Vectors.at("2025-07-03T00:00:00Z"));
            assertEquals(4, pcs.requests.size(), "the disk cache survives a restart");

            EvidenceRejectedException late = assertThrows(EvidenceRejectedException.class,
                    () -> verifier.verify(quote, Vectors.at("2025-08-01T00:00:00Z")));
            assertEquals(RejectionReason.COLLATERAL_INVALID, late.reason());
            assertTrue(pcs.requests.size() > 4, "expired collateral is fetched again");
        }
    }

    @Test
    void unknownPlatformIsUnavailable() throws Exception {
        try (FakePcs pcs = new FakePcs(Vectors.bytes("phala/tdx_quote_collateral.json"), "000000000000", true)) {
            TdxEvidenceVerifier verifier = new TdxEvidenceVerifier();
            verifier.configure(config(Map.of("pcs_enabled", true, "pcs_base_url", pcs.baseUrl(),
                    "root_ca_crl_url", pcs.baseUrl() + "/IntelSGXRootCA.der")));
            CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class, () -> verifier
                    .verify(new Evidence("tdx", Vectors.bytes("phala/tdx_quote")), Vectors.at("2025-07-01T00:00:00Z")));
            assertEquals("tcb_info", e.collateral());
        }
    }

    @Test
    void offlineDirectoryIsOfferedToEveryVerification() throws VerificationException, java.io.IOException {
        Files.write(dir.resolve("collateral.json"), Vectors.bytes("phala/tdx_quote_collateral.json"));
        Files.write(dir.resolve("unrelated.txt"), "hello".getBytes());
        TdxEvidenceVerifier verifier = new TdxEvidenceVerifier();
        verifier.configure(config(Map.of("offline_dir", dir.toString())));
        assertEquals("UpToDate", verifier.verify(new Evidence("tdx", Vectors.bytes("phala/tdx_quote")),
                Vectors.at("2025-07-01T00:00:00Z")).claims().get("tcb_status"));
    }

    @Test
    void configuredPolicyOverridesTheContext() throws VerificationException {
        TdxEvidenceVerifier verifier = new TdxEvidenceVerifier();
        verifier.configure(config(Map.of("collateral_policy", "allow_unavailable")));
        assertEquals("Unknown", verifier.verify(new Evidence("tdx", Vectors.bytes("phala/tdx_quote")),
                Vectors.at("2025-07-01T00:00:00Z")).claims().get("tcb_status"));
    }
}
