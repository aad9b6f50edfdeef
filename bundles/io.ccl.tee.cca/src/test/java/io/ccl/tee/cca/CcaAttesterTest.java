package io.ccl.tee.cca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.tee.api.Attester;
import io.ccl.tee.api.AttesterException;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.cca.attest.FakeCcaKernel;
import io.ccl.tee.tck.AttesterContract;
import io.ccl.tee.tsm.Configfs;
import io.ccl.tee.tsm.TsmReports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configfs-tsm protocol against a fake {@code arm_cca_guest} kernel whose "realm" signs
 * synthetic tokens with test keys over the written challenge, so the TCK's AttesterContract (fresh
 * report data bound into verifiable evidence) runs here too.
 */
class CcaAttesterTest {
    private static final SyntheticTokens REALM = new SyntheticTokens();

    @TempDir
    Path root;

    static FakeCcaKernel kernel(String provider) {
        return new FakeCcaKernel(provider, challenge -> {
            synchronized (REALM) {
                REALM.realmChallenge = challenge;
                return REALM.build();
            }
        });
    }

    static EvidenceVerifier verifier() {
        return new CcaVerifier(List.of(REALM.trustAnchor()), false);
    }

    private boolean empty() throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.findAny().isEmpty();
        }
    }

    @Test
    void followsTheProtocolAndCleansUp() throws Exception {
        FakeCcaKernel kernel = kernel("arm_cca_guest");
        Evidence evidence = new CcaAttester(new TsmReports(root, CcaAttester.PROVIDER, kernel)).attest(ReportData.of(new byte[] {1, 2, 3}));
        assertEquals("cca", evidence.teeType());
        assertTrue(evidence.collateral().isEmpty());
        assertEquals(List.of("mkdir", "read provider", "write inblob", "read generation", "read outblob",
                "read generation", "rmdir"), kernel.log());
        assertTrue(empty(), "the report directory is removed");
        assertEquals(ReportData.of(new byte[] {1, 2, 3}),
                verifier().verify(evidence, VerificationContext.at(TestVectors.NOW)).reportData());
    }

    @Test
    void aConcurrentWriterIsDetected() throws IOException {
        FakeCcaKernel kernel = kernel("arm_cca_guest");
        kernel.concurrentWriter = true;
        AttesterException e = assertThrows(AttesterException.class,
                () -> new CcaAttester(new TsmReports(root, CcaAttester.PROVIDER, kernel)).attest(ReportData.of(new byte[64])));
        assertTrue(e.getMessage().contains("generation"), e.getMessage());
        assertTrue(empty());
    }

    @Test
    void anotherProviderIsRefused() throws IOException {
        FakeCcaKernel kernel = kernel("sev_guest");
        assertThrows(AttesterException.class,
                () -> new CcaAttester(new TsmReports(root, CcaAttester.PROVIDER, kernel)).attest(ReportData.of(new byte[64])));
        assertFalse(kernel.log().contains("write inblob"));
        assertTrue(empty());
        assertFalse(new TsmReports(root, CcaAttester.PROVIDER, kernel).available());
    }

    @Test
    void detectionNeedsConfigfsTsmWithTheArmCcaGuestProvider() throws IOException {
        assertTrue(new TsmReports(root, CcaAttester.PROVIDER, kernel("arm_cca_guest")).available());
        assertTrue(empty(), "the probe directory is removed");
        assertFalse(new TsmReports(root.resolve("missing"), CcaAttester.PROVIDER, kernel("arm_cca_guest")).available());
        assertFalse(new TsmReports(root, CcaAttester.PROVIDER, Configfs.kernel()).available(), "a plain directory is not configfs-tsm");
    }

    /** The TEE TCK's attester contract over the fake kernel. */
    @Nested
    class Contract extends AttesterContract {
        @Override
        protected Attester attester() {
            return new CcaAttester(new TsmReports(root, CcaAttester.PROVIDER, kernel("arm_cca_guest")));
        }

        @Override
        protected EvidenceVerifier verifier() {
            return CcaAttesterTest.verifier();
        }

        @Override
        protected VerificationContext.Builder context() {
            return VerificationContext.builder(TestVectors.NOW);
        }
    }
}
