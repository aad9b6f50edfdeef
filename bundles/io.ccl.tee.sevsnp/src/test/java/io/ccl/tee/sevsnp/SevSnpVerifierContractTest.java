package io.ccl.tee.sevsnp;

import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.tee.sevsnp.abi.AttestationReport;
import io.ccl.tee.tck.EvidenceVerifierContract;
import io.ccl.tee.tck.Sample;
import java.util.List;

/** The TEE TCK over every real report, verified offline by the ServiceLoader verifier. */
class SevSnpVerifierContractTest extends EvidenceVerifierContract {
    private static final EvidenceVerifier VERIFIER = new SevSnpVerifier();
    private static final List<Sample> SAMPLES = TestVectors.ALL.stream().map(TestVectors.Vector::sample).toList();

    @Override
    protected EvidenceVerifier verifier() {
        return VERIFIER;
    }

    @Override
    protected List<Sample> samples() {
        return SAMPLES;
    }

    /** The signed bytes and the whole signature field (R, S and its reserved tail). */
    @Override
    protected List<int[]> signedRanges(Sample sample) {
        return List.of(new int[] {0, AttestationReport.SIZE});
    }
}
