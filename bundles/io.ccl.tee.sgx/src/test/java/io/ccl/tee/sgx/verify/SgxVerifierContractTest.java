package io.ccl.tee.sgx.verify;

import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.tee.tck.EvidenceVerifierContract;
import io.ccl.tee.tck.Sample;
import java.util.List;

/** The TEE TCK with real SGX quotes v3: Phala's (fail-closed with PCCS collateral) and MobileCoin's. */
class SgxVerifierContractTest extends EvidenceVerifierContract {
    private static final SgxEvidenceVerifier VERIFIER = new SgxEvidenceVerifier();
    private static final List<Sample> SAMPLES = List.of(
            new Sample("phala sgx_quote", Vectors.evidence("phala/sgx_quote", "phala/sgx_quote_collateral.json"),
                    Vectors.at("2025-07-01T00:00:00Z")),
            new Sample("mobilecoin hw_quote", Vectors.evidence("mobilecoin/hw_quote.dat",
                    "mobilecoin/fmspc_00906ED50000_2023_07_12.json", "mobilecoin/qe_identity.json",
                    "mobilecoin/processor_crl.der", "mobilecoin/root_crl.der"), Vectors.lenientAt("2023-07-15T00:00:00Z")));

    @Override
    protected EvidenceVerifier verifier() {
        return VERIFIER;
    }

    @Override
    protected List<Sample> samples() {
        return SAMPLES;
    }
}
