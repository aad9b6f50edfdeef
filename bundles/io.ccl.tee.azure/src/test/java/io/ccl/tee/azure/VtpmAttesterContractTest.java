package io.ccl.tee.azure;

import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.tee.api.Attester;
import io.ccl.tee.azure.attest.VtpmAttester;
import io.ccl.tee.tck.AttesterContract;
import java.security.GeneralSecurityException;
import java.time.Instant;

/**
 * The TCK attester contract against a software vTPM. The TPM half of the chain (HCL parsing, AK,
 * quote signature, PCR digest, var_data binding, report data) is real; the SEV-SNP report is not
 * signed, so the hardware verifier is a stand-in that only returns the report's REPORT_DATA.
 */
class VtpmAttesterContractTest extends AttesterContract {
    private static final EvidenceVerifier FAKE_SEVSNP = new VtpmAttesterTest.FakeSevSnp();

    private final Attester attester;

    VtpmAttesterContractTest() throws GeneralSecurityException {
        attester = new VtpmAttester(AzSnpVtpmVerifier.TYPE, new FakeVtpm(66), report -> new byte[] {0x30, 0});
    }

    @Override
    protected Attester attester() {
        return attester;
    }

    @Override
    protected EvidenceVerifier verifier() {
        return new AzSnpVtpmVerifier(FAKE_SEVSNP);
    }

    @Override
    protected VerificationContext.Builder context() {
        return VerificationContext.builder(Instant.parse("2026-01-01T00:00:00Z"));
    }
}
