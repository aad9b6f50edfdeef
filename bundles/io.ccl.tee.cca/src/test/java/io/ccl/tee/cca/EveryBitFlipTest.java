package io.ccl.tee.cca;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.tee.api.Evidence;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Flips every bit of both whole vendor tokens (collection, COSE headers, claims, signatures): no
 * flip is accepted and every outcome is one of the declared errors. Nothing in a CCA token is
 * unsigned except the CBOR framing and the signatures themselves, so no flip may survive.
 */
class EveryBitFlipTest {
    private static final CcaVerifier VERIFIER = new CcaVerifier(TestVectors.allKeys(), false);

    @Test
    void trusteeToken() {
        flipEveryBit(TestVectors.TRUSTEE_TOKEN);
    }

    @Test
    void veraisonToken() {
        flipEveryBit(TestVectors.VERAISON_TOKEN);
    }

    private static void flipEveryBit(String vector) {
        byte[] genuine = TestVectors.read(vector);
        VerificationContext context = VerificationContext.at(TestVectors.NOW);
        Map<RejectionReason, Integer> reasons = new EnumMap<>(RejectionReason.class);
        for (int bit = 0; bit < genuine.length * 8; bit++) {
            byte[] tampered = genuine.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            try {
                VERIFIER.verify(new Evidence("cca", tampered), context);
                fail(vector + ": flipped bit " + bit + " (byte " + bit / 8 + ") was accepted");
            } catch (EvidenceRejectedException e) {
                reasons.merge(e.reason(), 1, Integer::sum);
            } catch (MalformedEvidenceException e) {
                reasons.merge(RejectionReason.MALFORMED, 1, Integer::sum);
            } catch (CollateralUnavailableException e) {
                fail(vector + ": bit " + bit + ": " + e);
            } catch (RuntimeException e) {
                throw new AssertionError(vector + ": bit " + bit + " raised an undeclared " + e, e);
            }
        }
        System.out.println(vector + " single-bit flips: " + reasons);
        assertTrue(reasons.getOrDefault(RejectionReason.BAD_SIGNATURE, 0) > 0, reasons.toString());
        assertTrue(reasons.getOrDefault(RejectionReason.UNTRUSTED_ROOT, 0) > 0, reasons.toString());
    }
}
