package io.ccl.tee.azure;

import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.tee.api.Attester;
import io.ccl.tee.azure.attest.Tpm2Device;
import io.ccl.tee.azure.attest.VtpmAttester;
import io.ccl.tee.tck.AttesterContract;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The TCK attester contract with the TPM side on swtpm (see {@link SwtpmAttesterTest}). */
class SwtpmAttesterContractTest extends AttesterContract {
    private static Swtpm swtpm;

    @BeforeAll
    static void start() throws Exception {
        swtpm = SwtpmAttesterTest.azureLike(true);
    }

    @AfterAll
    static void stop() throws Exception {
        if (swtpm != null) {
            swtpm.close();
        }
    }

    @Override
    protected Attester attester() {
        return new VtpmAttester(AzSnpVtpmVerifier.TYPE, new Tpm2Device(swtpm), report -> new byte[] {0x30, 0});
    }

    @Override
    protected EvidenceVerifier verifier() {
        return new AzSnpVtpmVerifier(new VtpmAttesterTest.FakeSevSnp());
    }

    @Override
    protected VerificationContext.Builder context() {
        return VerificationContext.builder(Instant.parse("2026-01-01T00:00:00Z"));
    }
}
