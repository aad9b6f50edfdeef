package io.ccl.attestation.service;

import io.ccl.attestation.api.AttestationException;
import io.ccl.attestation.api.AttestationResult;
import io.ccl.attestation.api.Challenge;
import io.ccl.crypto.CryptoException;
import io.ccl.crypto.EncryptionKey;
import io.ccl.crypto.RuntimeDataBinding;
import io.ccl.crypto.SigningKey;
import io.ccl.tee.api.Evidence;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** A service wired to a {@link TestTee} verifier and a {@link TestPolicy}, plus the attester side. */
public final class Harness {
    public static final String ISSUER = "https://verifier.example";
    public static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    public static final byte[] MEASUREMENT = HexFormat.of().parseHex("11".repeat(32));
    public static final String MEASUREMENT_HEX = "11".repeat(32);

    public final MutableClock clock = new MutableClock(T0);
    public final TestTee tee = new TestTee();
    public final EncryptionKey runtimeKey = EncryptionKey.generate();
    public final TestTee.Verifier verifier = tee.verifier();
    public final TestPolicy policy = new TestPolicy(MEASUREMENT_HEX);
    public final AttestationServiceComponent service;

    public Harness() throws CryptoException {
        this(10_000, false);
    }

    public Harness(int maxSessions, boolean acceptWarning) throws CryptoException {
        this(settings(maxSessions, acceptWarning), SigningKey.generate());
    }

    public Harness(ServiceSettings settings, SigningKey key) throws CryptoException {
        service = new AttestationServiceComponent(settings, clock, key);
        service.addVerifier(verifier, Map.of("ccl.tee.type", TestTee.TYPE, "service.id", 1L));
        service.setPolicy(policy);
    }

    public static ServiceSettings settings(int maxSessions, boolean acceptWarning) {
        return new ServiceSettings(ISSUER, Duration.ofSeconds(60), Duration.ofSeconds(300), maxSessions, 1 << 20,
                acceptWarning, "io.ccl.attestation.service test");
    }

    /** The runtime-data an attester sends for a nonce. */
    public Map<String, Object> runtimeData(String nonce) {
        Map<String, Object> rd = new LinkedHashMap<>();
        rd.put("nonce", nonce);
        rd.put("tee-pubkey", runtimeKey.publicJwk());
        rd.put("measurements", "ab".repeat(48));
        return rd;
    }

    /** Evidence bound to {@code runtimeData}. */
    public Evidence evidence(Map<String, Object> runtimeData, byte[] measurement) throws CryptoException {
        return tee.attest(RuntimeDataBinding.reportData(runtimeData), measurement);
    }

    /** A whole successful round: challenge, bind, attest. */
    public AttestationResult attestOnce() throws AttestationException, CryptoException {
        Challenge c = service.challenge(TestTee.TYPE);
        Map<String, Object> rd = runtimeData(c.nonce());
        return service.attest(c.sessionId(), rd, evidence(rd, MEASUREMENT));
    }
}
