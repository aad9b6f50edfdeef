package io.ccl.tee.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerificationException;
import io.ccl.tee.api.Attester;
import io.ccl.tee.api.AttesterException;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * Contract for attesters: evidence produced for given report data verifies with that report data
 * expected. Backends run it against a fake device tree in CI and against hardware when enabled.
 */
public abstract class AttesterContract {

    protected abstract Attester attester();

    protected abstract EvidenceVerifier verifier();

    /** A context under which evidence produced now verifies (time, collateral). */
    protected abstract VerificationContext.Builder context();

    @Test
    void evidenceBindsTheRequestedReportData() throws AttesterException, VerificationException {
        byte[] bytes = new byte[ReportData.SIZE];
        new SecureRandom().nextBytes(bytes);
        ReportData rd = ReportData.of(bytes);
        Evidence evidence = attester().attest(rd);
        assertEquals(attester().teeType(), evidence.teeType());
        assertArrayEquals(bytes, verifier().verify(evidence, context().expectReportData(rd).build()).reportData().bytes());
    }
}
