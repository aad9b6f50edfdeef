package io.ccl.tee.azure;

import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.tck.EvidenceVerifierContract;
import io.ccl.tee.tck.Sample;
import java.util.List;

/** The TEE TCK over every Azure SEV-SNP vector, verified by the ServiceLoader (no-arg) verifier. */
class AzSnpVtpmVerifierContractTest extends EvidenceVerifierContract {
    private static final EvidenceVerifier VERIFIER = new AzSnpVtpmVerifier();
    private static final List<Sample> SAMPLES = List.of(
            Vectors.snp("az-snp-vtpm_evidence-v0.json", Vectors.SNP_NOW),
            Vectors.snp("az-snp-vtpm_evidence-v1.json", Vectors.SNP_NOW),
            Vectors.snp("az-snp-vtpm_evidence-v2.json", Vectors.SNP_NOW),
            Vectors.snp("az-snp-vtpm_evidence-genoa.json", Vectors.SNP_NOW),
            new Sample("az-snp-vtpm_hcl-report.bin + quote.bin", new Evidence(AzSnpVtpmVerifier.TYPE,
                    Vectors.v0FromBinaries("az-snp-vtpm", true)), Vectors.snpContext(Vectors.SNP_OLD_NOW).build()));

    @Override
    protected EvidenceVerifier verifier() {
        return VERIFIER;
    }

    @Override
    protected List<Sample> samples() {
        return SAMPLES;
    }

    /** Every byte of the SNP evidence is signed, pinned or hash-bound; the JSON is large, so thin the flips. */
    @Override
    protected int bitFlipStride() {
        return 89;
    }
}
