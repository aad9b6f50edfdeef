package io.ccl.tee.tdx.attest;

import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.tee.api.Attester;
import io.ccl.tee.dcap.pcs.CollateralSources;
import io.ccl.tee.dcap.verify.CollateralPolicyMode;
import io.ccl.tee.tck.AttesterContract;
import io.ccl.tee.tdx.verify.TdxEvidenceVerifier;
import java.time.Instant;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The TCK attester contract on real TDX hardware (inside a TD with configfs-tsm and network access to Intel
 * PCS): run with {@code CCL_TDX_HARDWARE=1}. Fakes cannot bind report data, so CI skips it.
 */
@EnabledIfEnvironmentVariable(named = "CCL_TDX_HARDWARE", matches = "1")
class TdxHardwareAttesterTest extends AttesterContract {
    @Override
    protected Attester attester() {
        return new TdxAttester();
    }

    @Override
    protected EvidenceVerifier verifier() {
        return new TdxEvidenceVerifier(CollateralSources.of(null, CollateralSources.pcs(null, null, null, 10_000)),
                CollateralPolicyMode.FROM_CONTEXT);
    }

    @Override
    protected VerificationContext.Builder context() {
        return VerificationContext.builder(Instant.now());
    }
}
