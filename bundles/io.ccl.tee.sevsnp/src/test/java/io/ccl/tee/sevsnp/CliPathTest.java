package io.ccl.tee.sevsnp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerificationContext.CollateralPolicy;
import io.ccl.attestation.api.VerificationException;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.Collateral;
import io.ccl.tee.api.Evidence;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * What {@code ccl verify --tee sevsnp --evidence report.bin --collateral vcek.der [--collateral
 * chain.pem] --now ...} does: load the verifier by ServiceLoader, pass each file as a Collateral
 * named by its file name through the context, and the time. No AMD CRL exists among the test
 * vectors, so these runs use the ALLOW_UNAVAILABLE collateral policy (claim crl_checked=false).
 */
class CliPathTest {

    private static EvidenceVerifier loaded() {
        return ServiceLoader.load(EvidenceVerifier.class).stream().map(ServiceLoader.Provider::get)
                .filter(v -> v.teeType().equals("sevsnp")).findFirst().orElseThrow();
    }

    private static VerifiedClaims cli(TestVectors.Vector v, String... extraFiles) throws VerificationException {
        List<Collateral> files = new ArrayList<>();
        for (String path : v.collateral()) {
            files.add(new Collateral(TestVectors.fileName(path), TestVectors.read(path)));
        }
        for (String path : extraFiles) {
            files.add(new Collateral(TestVectors.fileName(path), TestVectors.read(path)));
        }
        return loaded().verify(new Evidence("sevsnp", v.reportBytes()),
                VerificationContext.builder(v.now()).collateral(files).collateralPolicy(CollateralPolicy.ALLOW_UNAVAILABLE)
                        .build());
    }

    @Test
    void everyRealReportVerifiesLikeTheCliPassesIt() throws VerificationException {
        for (TestVectors.Vector v : TestVectors.ALL) {
            assertEquals("sevsnp", cli(v).teeType(), v.name());
        }
    }

    @Test
    void chainFilesMayBeAddedAndAreChecked() throws VerificationException {
        assertEquals(true, cli(TestVectors.GO_SEV_GUEST, "go-sev-guest/ask_ark_milan.pem").claims().get("debug"));
        assertEquals("vlek", cli(TestVectors.TRUSTEE_VLEK, "trustee/milan_ask_ark_asvk.pem").claims().get("signer"));
        assertEquals("milan", cli(TestVectors.TRUSTEE_MILAN, "virtee-sev/cert_chain_turin").claims().get("product"));
    }
}
