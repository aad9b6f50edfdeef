package io.ccl.tee.cca;

import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.tee.tck.EvidenceVerifierContract;
import io.ccl.tee.tck.Sample;
import java.util.List;

/**
 * The TEE TCK over both vendor tokens. CCA tokens carry no time: the time-dependence the TCK
 * checks is the validity window of the trusted CPAKs (2020..2040 here), which ends before the
 * TCK's far-future instant (CERT_EXPIRED).
 */
class CcaVerifierContractTest extends EvidenceVerifierContract {
    private static final EvidenceVerifier VERIFIER = new CcaVerifier(TestVectors.allKeys(), false);
    private static final List<Sample> SAMPLES = TestVectors.samples();

    @Override
    protected EvidenceVerifier verifier() {
        return VERIFIER;
    }

    @Override
    protected List<Sample> samples() {
        return SAMPLES;
    }

    /** EveryBitFlipTest already flips every bit of both tokens; the contract samples a sparser grid. */
    @Override
    protected int bitFlipStride() {
        return 31;
    }
}
