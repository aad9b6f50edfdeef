package io.ccl.tee.azure;

import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.tck.EvidenceVerifierContract;
import io.ccl.tee.tck.Sample;
import java.util.List;

/** The TEE TCK over every Azure TDX vector, verified by the ServiceLoader (no-arg) verifier. */
class AzTdxVtpmVerifierContractTest extends EvidenceVerifierContract {
    private static final EvidenceVerifier VERIFIER = new AzTdxVtpmVerifier();
    private static final List<Sample> SAMPLES = List.of(
            Vectors.tdx("az-tdx-vtpm_evidence-v0.json"),
            Vectors.tdx("az-tdx-vtpm_evidence-v1.json"),
            new Sample("az-tdx-vtpm_hcl-report.bin + quote.bin + td-quote.bin", new Evidence(AzTdxVtpmVerifier.TYPE,
                    Vectors.v0FromBinaries("az-tdx-vtpm", false), Vectors.tdxCollateral()),
                    Vectors.tdxContext().build()));

    @Override
    protected EvidenceVerifier verifier() {
        return VERIFIER;
    }

    @Override
    protected List<Sample> samples() {
        return SAMPLES;
    }

    @Override
    protected int bitFlipStride() {
        return 89;
    }

    /**
     * Everything but the HCL report's TDREPORT area: on TDX that area is MAC'd by the CPU, not signed,
     * so it is verifiable only inside the TD; the verifier takes no claim from it (only its REPORTDATA
     * must equal the quote's). See the README.
     */
    @Override
    protected List<int[]> signedRanges(Sample sample) {
        return TdxRanges.outsideTdReport(sample.evidence().payload());
    }
}
