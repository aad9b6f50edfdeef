package io.ccl.tee.sevsnp;

import static org.junit.jupiter.api.Assertions.fail;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.tee.api.Collateral;
import io.ccl.tee.api.Evidence;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Damaged collateral (certificate table, PEM, DER) only ever yields the declared errors. */
class BrokenCollateralTest {
    private static final SevSnpVerifier VERIFIER = new SevSnpVerifier();

    private static void assertDeclared(TestVectors.Vector v, byte[] collateral, String what) {
        Evidence e = new Evidence("sevsnp", v.reportBytes(), List.of(new Collateral("c", collateral)));
        VerificationContext c = v.context().build();
        try {
            VERIFIER.verify(e, c);
        } catch (MalformedEvidenceException | EvidenceRejectedException | CollateralUnavailableException expected) {
            // declared outcomes (a damaged byte may also fall where it changes nothing)
        } catch (RuntimeException | Error err) {
            fail(v.name() + ": " + what + " raised " + err, err);
        }
    }

    @Test
    void damagedOrTruncatedCollateral() {
        Random random = new Random(0xC011A7E);
        for (TestVectors.Vector v : List.of(TestVectors.TSM_GENOA, TestVectors.GO_SEV_GUEST, TestVectors.AZURE_V0)) {
            byte[] genuine = TestVectors.read(v.collateral()[0]);
            for (int i = 0; i < 300; i++) {
                byte[] damaged = genuine.clone();
                for (int k = 1 + random.nextInt(3); k > 0; k--) {
                    damaged[random.nextInt(damaged.length)] ^= (byte) (1 << random.nextInt(8));
                }
                assertDeclared(v, damaged, "damaged collateral " + i);
            }
            for (int len = 0; len < genuine.length; len += 1 + genuine.length / 150) {
                assertDeclared(v, Arrays.copyOf(genuine, len), "collateral truncated to " + len);
            }
            byte[] noise = new byte[2000];
            random.nextBytes(noise);
            assertDeclared(v, noise, "random collateral");
        }
    }
}
