package io.ccl.tee.nitro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerificationException;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Single-bit flips over the whole real document (7539 bytes): none is accepted, each is refused as
 * malformed or with a typed reason, and flips in the signature are BAD_SIGNATURE. By default one
 * bit of every byte (the bit index rotating with the offset) plus every bit of the first 64 bytes
 * (COSE array, protected header, payload and map headers) and of the 96-byte signature: ~8,700
 * flips. With {@code -Dnitro.allBits=true} every one of the 60,312 bits is flipped (passed; ~100 s
 * on a busy 2-core machine, too slow for every build).
 */
class EveryBitFlipTest {
    private static final NitroVerifier VERIFIER = new NitroVerifier();

    @Test
    void everyBitOfTheNormalDocument() {
        byte[] genuine = TestVectors.normal();
        VerificationContext context = VerificationContext.at(TestVectors.NORMAL_NOW);
        Map<RejectionReason, Integer> reasons = new EnumMap<>(RejectionReason.class);
        int signatureStart = genuine.length - 96;
        boolean all = Boolean.getBoolean("nitro.allBits");
        int flips = 0;
        for (int bit = 0; bit < genuine.length * 8; bit++) {
            int at = bit / 8;
            if (!all && at >= 64 && at < signatureStart && bit % 8 != at % 8) {
                continue;
            }
            flips++;
            byte[] tampered = genuine.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            int offset = bit / 8;
            try {
                VERIFIER.verify(TestVectors.evidence(tampered), context);
                fail("flipped bit " + bit + " (byte " + offset + ") was accepted");
            } catch (EvidenceRejectedException e) {
                reasons.merge(e.reason(), 1, Integer::sum);
                if (offset >= signatureStart) {
                    assertEquals(RejectionReason.BAD_SIGNATURE, e.reason(), "byte " + offset);
                }
            } catch (MalformedEvidenceException e) {
                reasons.merge(RejectionReason.MALFORMED, 1, Integer::sum);
                if (offset >= signatureStart) {
                    fail("signature byte " + offset + ": " + e);
                }
            } catch (VerificationException | RuntimeException e) {
                fail("bit " + bit + " raised " + e, e);
            }
        }
        assertTrue(flips > (all ? 60_000 : 8_500), "flips: " + flips);
        // user_data, nonce and public_key alone are 3072 of the signed bytes: most flips are signature failures.
        assertTrue(reasons.getOrDefault(RejectionReason.BAD_SIGNATURE, 0) > (all ? 30_000 : 4_000), reasons.toString());
    }
}
