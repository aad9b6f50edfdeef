package io.ccl.tee.nitro;

import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.tee.tck.EvidenceVerifierContract;
import io.ccl.tee.tck.Sample;
import java.util.List;

/** The TEE TCK over the real (non-debug) document, verified offline by the ServiceLoader verifier. */
class NitroVerifierContractTest extends EvidenceVerifierContract {
    private static final EvidenceVerifier VERIFIER = new NitroVerifier();

    @Override
    protected EvidenceVerifier verifier() {
        return VERIFIER;
    }

    @Override
    protected List<Sample> samples() {
        return List.of(TestVectors.normalSample());
    }
}
