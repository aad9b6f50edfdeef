package io.ccl.tee.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.simulation.install.InsecureInstallationKey;
import io.ccl.tee.simulation.verify.InsecureSimulationVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationVerifierTest {

    @Test
    void claimsMarkTheEvidenceInsecure() throws Exception {
        Evidence e = SimulationTckTest.attester(SimulationTckTest.T0).attest(ReportData.of(new byte[] {1}));
        var claims = SimulationTckTest.verifier().verify(e, VerificationContext.at(SimulationTckTest.T0)).claims();
        assertEquals(true, claims.get("insecure"));
        assertEquals(false, claims.get("debug"));
        assertEquals(96, ((String) claims.get("measurement")).length());
    }

    @Test
    void anotherInstallationsKeyIsUntrusted() throws Exception {
        Evidence e = SimulationTckTest.attester(SimulationTckTest.T0).attest(ReportData.of(new byte[] {1}));
        InsecureSimulationVerifier stranger = new InsecureSimulationVerifier(
                List.of(SimulationTckTest.generate().getPublic()), Duration.ofMinutes(10));
        EvidenceRejectedException x = assertThrows(EvidenceRejectedException.class,
                () -> stranger.verify(e, VerificationContext.at(SimulationTckTest.T0)));
        assertEquals(RejectionReason.UNTRUSTED_ROOT, x.reason());
    }

    @Test
    void staleAndFutureReportsAreRejected() throws Exception {
        Evidence e = SimulationTckTest.attester(SimulationTckTest.T0).attest(ReportData.of(new byte[] {1}));
        for (var at : List.of(SimulationTckTest.T0.plusSeconds(601), SimulationTckTest.T0.minusSeconds(31))) {
            assertEquals(RejectionReason.STALE, assertThrows(EvidenceRejectedException.class,
                    () -> SimulationTckTest.verifier().verify(e, VerificationContext.at(at))).reason());
        }
    }

    @Test
    void installationKeyIsCreatedOnceAndOwnerOnly(@TempDir Path dir) throws Exception {
        KeyPair a = InsecureInstallationKey.loadOrCreate(dir);
        KeyPair b = InsecureInstallationKey.loadOrCreate(dir);
        assertEquals(a.getPublic(), b.getPublic());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(InsecureInstallationKey.PRIVATE_FILE))));
    }
}
