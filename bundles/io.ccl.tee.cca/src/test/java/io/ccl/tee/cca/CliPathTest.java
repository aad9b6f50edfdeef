package io.ccl.tee.cca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerificationException;
import io.ccl.tee.api.Collateral;
import io.ccl.tee.api.Evidence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ccl verify --tee cca --evidence token.cbor --collateral cpak.jwk --now ...} does: the
 * ServiceLoader verifier takes CPAKs from the caller's collateral (never from the evidence's own
 * collateral) or from the system property {@value CcaVerifier#KEYS_PROPERTY}.
 */
class CliPathTest {

    private static EvidenceVerifier loaded() {
        return ServiceLoader.load(EvidenceVerifier.class).stream().map(ServiceLoader.Provider::get)
                .filter(v -> v.teeType().equals("cca")).findFirst().orElseThrow();
    }

    private static Collateral file(String path) {
        return new Collateral(path.substring(path.indexOf('/') + 1), TestVectors.read(path));
    }

    @Test
    void keysGivenAsCollateralAreTrusted() throws VerificationException {
        EvidenceVerifier v = loaded();
        VerificationContext ctx = VerificationContext.builder(TestVectors.NOW)
                .collateral(List.of(file(TestVectors.TRUSTEE_TASTORE), file(TestVectors.VERAISON_CPAK))).build();
        assertEquals("cca", v.verify(TestVectors.evidence(TestVectors.TRUSTEE_TOKEN), ctx).teeType());
        assertEquals("cca", v.verify(TestVectors.evidence(TestVectors.VERAISON_TOKEN), ctx).teeType());
    }

    @Test
    void keysCarriedByTheEvidenceItselfAreNotTrusted() {
        Evidence selfVouching = TestVectors.evidence(TestVectors.TRUSTEE_TOKEN)
                .withCollateral(List.of(file(TestVectors.TRUSTEE_CPAK)));
        assertThrows(CollateralUnavailableException.class,
                () -> loaded().verify(selfVouching, VerificationContext.at(TestVectors.NOW)));
    }

    @Test
    void anUnreadableKeyFileIsMalformedCollateral() {
        VerificationContext ctx = VerificationContext.builder(TestVectors.NOW)
                .collateral(List.of(new Collateral("cpak.jwk", "{\"kty\":\"oct\",\"k\":\"AA\"}".getBytes()))).build();
        assertThrows(MalformedEvidenceException.class, () -> loaded().verify(TestVectors.evidence(TestVectors.TRUSTEE_TOKEN), ctx));
    }

    @Test
    void keysNamedByTheSystemProperty(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("cpak.json");
        Files.write(key, TestVectors.read(TestVectors.TRUSTEE_CPAK));
        String old = System.getProperty(CcaVerifier.KEYS_PROPERTY);
        try {
            System.setProperty(CcaVerifier.KEYS_PROPERTY, key.toString());
            CcaVerifier v = new CcaVerifier();
            assertEquals("cpak.json", v.verify(TestVectors.evidence(TestVectors.TRUSTEE_TOKEN),
                    VerificationContext.at(TestVectors.NOW)).claims().get("platform_key"));
            System.setProperty(CcaVerifier.KEYS_PROPERTY, dir.resolve("missing.pem").toString());
            assertThrows(CollateralUnavailableException.class, () -> new CcaVerifier()
                    .verify(TestVectors.evidence(TestVectors.TRUSTEE_TOKEN), VerificationContext.at(TestVectors.NOW)));
        } finally {
            if (old == null) {
                System.clearProperty(CcaVerifier.KEYS_PROPERTY);
            } else {
                System.setProperty(CcaVerifier.KEYS_PROPERTY, old);
            }
        }
    }
}
