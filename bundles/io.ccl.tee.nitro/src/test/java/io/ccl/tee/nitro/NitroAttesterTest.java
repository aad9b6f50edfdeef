package io.ccl.tee.nitro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.tee.api.Attester;
import io.ccl.tee.api.AttesterException;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.nitro.nsm.LinuxNsmDevice;
import io.ccl.tee.nitro.verify.VerifierSettings;
import io.ccl.tee.tck.AttesterContract;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The attester against a fake NSM (the TCK's attester contract), its error handling, and the ioctl number. */
class NitroAttesterTest extends AttesterContract {
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final FakeNsm NSM = new FakeNsm(new SyntheticDocuments(NOW), NOW);

    @Override
    protected Attester attester() {
        return new NitroAttester(NSM);
    }

    @Override
    protected EvidenceVerifier verifier() {
        return new NitroVerifier(NSM.pki.trustedRoot(), VerifierSettings.DEFAULT);
    }

    @Override
    protected VerificationContext.Builder context() {
        return VerificationContext.builder(NOW.plusSeconds(1));
    }

    @Test
    void reportDataGoesToUserDataOnly() throws Exception {
        byte[] rd = new byte[64];
        rd[63] = 9;
        var claims = verifier().verify(attester().attest(ReportData.of(rd)), context().build()).claims();
        assertEquals("00".repeat(63) + "09", claims.get("user_data"));
        assertEquals(false, claims.containsKey("nonce"));
        assertEquals(false, claims.containsKey("public_key"));
    }

    @Test
    void deviceErrorsBecomeAttesterExceptions() {
        Attester refusing = new NitroAttester(request -> new com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper()
                .writeValueAsBytes(java.util.Map.of("Error", "InternalError")));
        assertThrows(AttesterException.class, () -> refusing.attest(ReportData.of(new byte[0])));
        Attester broken = new NitroAttester(request -> {
            throw new java.io.IOException("ENODEV");
        });
        assertThrows(AttesterException.class, () -> broken.attest(ReportData.of(new byte[0])));
        Attester garbage = new NitroAttester(request -> new byte[] {(byte) 0xFF, 0x00});
        assertThrows(AttesterException.class, () -> garbage.attest(ReportData.of(new byte[0])));
    }

    @Test
    void ioctlNumberIsIowr0x0A0WithA32ByteStruct() {
        assertEquals(0xC0200A00L, LinuxNsmDevice.NSM_IOCTL_RAW);
        assertEquals(false, LinuxNsmDevice.present(Path.of("/nonexistent/nsm")));
    }
}
