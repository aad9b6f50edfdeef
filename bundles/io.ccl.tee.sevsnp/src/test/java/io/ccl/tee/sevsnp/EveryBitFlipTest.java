package io.ccl.tee.sevsnp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.sevsnp.abi.AttestationReport;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Flips every bit of the signed bytes (0x000-0x29F) and of the whole signature field (0x2A0-0x49F)
 * of one real report per available version (v2, v3): none is accepted, and flips inside fields
 * that only the signature protects are rejected as BAD_SIGNATURE.
 */
class EveryBitFlipTest {
    private static final SevSnpVerifier VERIFIER = new SevSnpVerifier();

    @Test
    void versionTwo() {
        flipEveryBit(TestVectors.GO_SEV_GUEST);
    }

    @Test
    void versionThree() {
        flipEveryBit(TestVectors.TSM_GENOA);
    }

    private static void flipEveryBit(TestVectors.Vector v) {
        byte[] genuine = v.reportBytes();
        Evidence base = v.evidence();
        VerificationContext context = v.context().build();
        Map<RejectionReason, Integer> reasons = new EnumMap<>(RejectionReason.class);
        for (int bit = 0; bit < AttestationReport.SIZE * 8; bit++) {
            byte[] tampered = genuine.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            int offset = bit / 8;
            try {
                VERIFIER.verify(new Evidence("sevsnp", tampered, base.collateral()), context);
                fail(v.name() + ": flipped bit " + bit + " (byte 0x" + Integer.toHexString(offset) + ") was accepted");
            } catch (EvidenceRejectedException e) {
                reasons.merge(e.reason(), 1, Integer::sum);
                if (signatureOnlyProtects(offset)) {
                    assertEquals(RejectionReason.BAD_SIGNATURE, e.reason(), v.name() + " byte 0x" + Integer.toHexString(offset));
                }
            } catch (MalformedEvidenceException | CollateralUnavailableException e) {
                reasons.merge(RejectionReason.MALFORMED, 1, Integer::sum);
                if (signatureOnlyProtects(offset)) {
                    fail(v.name() + " byte 0x" + Integer.toHexString(offset) + ": " + e);
                }
            }
        }
        assertEquals(true, reasons.getOrDefault(RejectionReason.BAD_SIGNATURE, 0) > 4000, reasons.toString());
    }

    /** Guest-chosen and measured fields: REPORT_DATA, MEASUREMENT, HOST_DATA, ..., REPORT_ID_MA, and R/S. */
    private static boolean signatureOnlyProtects(int offset) {
        return offset >= 0x50 && offset < 0x180 || offset >= 0x2A0 && offset < 0x2A0 + 48
                || offset >= 0x2E8 && offset < 0x2E8 + 48;
    }
}
