package io.ccl.tee.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerificationException;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Contract every {@link EvidenceVerifier} passes. Extend it in the backend's tests and supply real
 * samples; every test runs against every sample.
 */
public abstract class EvidenceVerifierContract {

    /** The verifier under test, configured offline (no collateral fetching from the network). */
    protected abstract EvidenceVerifier verifier();

    /** Genuine samples, at least one, each verifying offline in its context. */
    protected abstract List<Sample> samples();

    /**
     * The payload byte ranges {@code [from, to)} covered by the signature: flipping any bit there
     * must be rejected. Defaults to the whole payload.
     */
    protected List<int[]> signedRanges(Sample sample) {
        return List.of(new int[] {0, sample.evidence().payload().length});
    }

    /**
     * Bits between two flipped bits (1 = every bit). Backends test every bit of at least one
     * sample per format version in their own tests; the contract keeps CI time bounded.
     */
    protected int bitFlipStride() {
        return 7;
    }

    /** A time at which the sample's certificates or freshness window have certainly ended. */
    protected Instant farFuture(Sample sample) {
        return sample.context().now().plus(Duration.ofDays(365L * 60));
    }

    /** Rejection reasons acceptable when verifying at {@link #farFuture(Sample)}. */
    protected Set<RejectionReason> expiryReasons() {
        return EnumSet.of(RejectionReason.CERT_EXPIRED, RejectionReason.COLLATERAL_INVALID, RejectionReason.STALE);
    }

    @Test
    void genuineSamplesVerifyOfflineAndNameTheirTechnology() throws VerificationException {
        assertFalse(samples().isEmpty(), "a backend must supply at least one genuine sample");
        for (Sample s : samples()) {
            VerifiedClaims claims = verifier().verify(s.evidence(), s.context());
            assertEquals(verifier().teeType(), claims.teeType(), s.name());
            assertEquals(verifier().teeType(), s.evidence().teeType(), s.name());
            assertNotNull(claims.reportData(), s.name());
            assertFalse(claims.claims().isEmpty(), s.name() + ": claims must not be empty");
        }
    }

    @Test
    void reportDataBindingIsEnforced() throws VerificationException {
        for (Sample s : samples()) {
            ReportData actual = verifier().verify(s.evidence(), s.context()).reportData();
            VerificationContext same = copy(s.context()).expectReportData(actual).build();
            assertArrayEquals(actual.bytes(), verifier().verify(s.evidence(), same).reportData().bytes());

            byte[] other = actual.bytes();
            other[0] ^= 0x01;
            VerificationContext different = copy(s.context()).expectReportData(ReportData.of(other)).build();
            EvidenceRejectedException e = assertThrows(EvidenceRejectedException.class,
                    () -> verifier().verify(s.evidence(), different), s.name());
            assertEquals(RejectionReason.REPORT_DATA_MISMATCH, e.reason(), s.name());
        }
    }

    @Test
    void everySignedBitFlipIsRejected() {
        for (Sample s : samples()) {
            byte[] payload = s.evidence().payload();
            int stride = Math.max(1, bitFlipStride());
            for (int[] range : signedRanges(s)) {
                for (int bit = range[0] * 8; bit < range[1] * 8; bit += stride) {
                    byte[] tampered = payload.clone();
                    tampered[bit / 8] ^= (byte) (1 << (bit % 8));
                    assertNotAccepted(s, new Evidence(s.evidence().teeType(), tampered, s.evidence().collateral()),
                            "bit " + bit);
                }
            }
        }
    }

    @Test
    void truncatedInputOnlyYieldsDeclaredErrors() {
        for (Sample s : samples()) {
            byte[] payload = s.evidence().payload();
            int step = Math.max(1, payload.length / 97);
            for (int len = 0; len < payload.length; len += step) {
                byte[] cut = java.util.Arrays.copyOf(payload, len);
                assertNotAccepted(s, new Evidence(s.evidence().teeType(), cut, s.evidence().collateral()),
                        "truncated to " + len);
            }
        }
    }

    @Test
    void randomInputOnlyYieldsDeclaredErrors() {
        Random random = new Random(0x5EED_CC1L);
        for (Sample s : samples()) {
            int size = s.evidence().payload().length;
            for (int i = 0; i < 200; i++) {
                byte[] noise = new byte[random.nextInt(Math.max(2, size * 2))];
                random.nextBytes(noise);
                assertNotAccepted(s, new Evidence(s.evidence().teeType(), noise, s.evidence().collateral()),
                        "random input " + i);
            }
        }
    }

    @Test
    void verificationTimeIsAnInput() {
        for (Sample s : samples()) {
            VerificationContext late = retimed(s.context(), farFuture(s));
            EvidenceRejectedException e = assertThrows(EvidenceRejectedException.class,
                    () -> verifier().verify(s.evidence(), late), s.name() + " verified in the far future");
            assertTrue(expiryReasons().contains(e.reason()), s.name() + ": unexpected reason " + e.reason());
        }
    }

    @Test
    void verifierIsFoundThroughServiceLoader() {
        boolean found = ServiceLoader.load(EvidenceVerifier.class, verifier().getClass().getClassLoader()).stream()
                .anyMatch(p -> p.type().equals(verifier().getClass()));
        assertTrue(found, "META-INF/services/" + EvidenceVerifier.class.getName() + " must list "
                + verifier().getClass().getName() + " so the offline CLI finds it");
    }

    /** Asserts that tampered evidence is refused with one of the declared errors, never accepted. */
    protected final void assertNotAccepted(Sample s, Evidence tampered, String what) {
        try {
            verifier().verify(tampered, s.context());
            fail(s.name() + ": " + what + " was accepted");
        } catch (MalformedEvidenceException | EvidenceRejectedException | CollateralUnavailableException expected) {
            // declared outcomes
        } catch (RuntimeException | Error e) {
            throw new AssertionError(s.name() + ": " + what + " raised an undeclared " + e, e);
        }
    }

    /** A builder carrying everything of {@code c}. */
    protected static VerificationContext.Builder copy(VerificationContext c) {
        return retimedBuilder(c, c.now());
    }

    private static VerificationContext retimed(VerificationContext c, Instant now) {
        return retimedBuilder(c, now).build();
    }

    private static VerificationContext.Builder retimedBuilder(VerificationContext c, Instant now) {
        VerificationContext.Builder b = VerificationContext.builder(now).collateral(c.collateral())
                .collateralPolicy(c.collateralPolicy());
        c.hints().forEach(b::hint);
        c.expectedReportData().ifPresent(b::expectReportData);
        return b;
    }
}
