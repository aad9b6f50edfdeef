package io.ccl.tee.sgx.attest;

import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.tee.api.Attester;
import io.ccl.tee.dcap.pcs.CollateralSources;
import io.ccl.tee.dcap.verify.CollateralPolicyMode;
import io.ccl.tee.sgx.verify.SgxEvidenceVerifier;
import io.ccl.tee.tck.AttesterContract;
import java.time.Instant;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The TCK attester contract inside a Gramine SGX enclave with DCAP and network access to Intel PCS: run with
 * {@code CCL_SGX_HARDWARE=1}. Fakes cannot bind report data, so CI skips it.
 */
@EnabledIfEnvironmentVariable(named = "CCL_SGX_HARDWARE", matches = "1")
class SgxHardwareAttesterTest extends AttesterContract {
    @Override
    protected Attester attester() {
        return new SgxAttester();
    }

    @Override
    protected EvidenceVerifier verifier() {
        return new SgxEvidenceVerifier(CollateralSources.of(null, CollateralSources.pcs(null, null, null, 10_000)),
                CollateralPolicyMode.FROM_CONTEXT);
    }

    @Override
    protected VerificationContext.Builder context() {
        return VerificationContext.builder(Instant.now());
    }
}
