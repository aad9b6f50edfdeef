package io.ccl.tee.simulation;

import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.tee.api.Attester;
import io.ccl.tee.api.AttesterException;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.simulation.attest.InsecureSimulationAttester;
import io.ccl.tee.simulation.verify.InsecureSimulationVerifier;
import io.ccl.tee.tck.AttesterContract;
import io.ccl.tee.tck.EvidenceVerifierContract;
import io.ccl.tee.tck.Sample;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Nested;

/** The simulation backend passes the TEE TCK. */
class SimulationTckTest {
    static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");
    static final KeyPair KEYS = generate();

    static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static InsecureSimulationAttester attester(Instant at) {
        return new InsecureSimulationAttester(KEYS, InsecureSimulationAttester.measurementOf(""), false,
                Clock.fixed(at, ZoneOffset.UTC));
    }

    static InsecureSimulationVerifier verifier() {
        return new InsecureSimulationVerifier(List.of(KEYS.getPublic()), Duration.ofMinutes(10));
    }

    @Nested
    class Verifier extends EvidenceVerifierContract {
        @Override
        protected EvidenceVerifier verifier() {
            return SimulationTckTest.verifier();
        }

        @Override
        protected List<Sample> samples() {
            try {
                byte[] rd = new byte[64];
                rd[0] = 0x42;
                return List.of(new Sample("simulation-v1", attester(T0).attest(ReportData.of(rd)),
                        VerificationContext.at(T0.plusSeconds(5))));
            } catch (AttesterException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        protected int bitFlipStride() {
            return 1;
        }
    }

    @Nested
    class AttesterTck extends AttesterContract {
        @Override
        protected Attester attester() {
            return SimulationTckTest.attester(T0);
        }

        @Override
        protected EvidenceVerifier verifier() {
            return SimulationTckTest.verifier();
        }

        @Override
        protected VerificationContext.Builder context() {
            return VerificationContext.builder(T0);
        }
    }
}
