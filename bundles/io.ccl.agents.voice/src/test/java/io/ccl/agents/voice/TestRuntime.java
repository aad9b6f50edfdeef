package io.ccl.agents.voice;

import io.ccl.crypto.CryptoException;
import io.ccl.crypto.EncryptionKey;
import io.ccl.crypto.Jwe;
import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.SecretBytes;
import io.ccl.runtime.api.AttestationStatus;
import io.ccl.runtime.api.BoundEvidence;
import io.ccl.runtime.api.ConfidentialRuntime;
import io.ccl.runtime.api.RuntimeOperationException;
import io.ccl.runtime.api.RuntimeState;
import io.ccl.runtime.api.RuntimeStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A READY simulated runtime with a real JWE key and provisioned secrets (a copy of the engine tests' fake). */
final class TestRuntime implements ConfidentialRuntime {
    private final EncryptionKey key = EncryptionKey.generate();
    private final Map<ResourcePath, SecretBytes> secrets = new ConcurrentHashMap<>();
    volatile boolean hardware;

    void provision(String path, String value) {
        secrets.put(ResourcePath.parse(path), SecretBytes.copyOf(value.getBytes(StandardCharsets.UTF_8),
                InsecureSecretAccess.get()));
    }

    String seal(byte[] plaintext) {
        try {
            return Jwe.seal(plaintext, publicKey());
        } catch (CryptoException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public RuntimeStatus status() {
        return new RuntimeStatus(RuntimeState.READY, Instant.now(), "", hardware ? "sevsnp" : "simulation", !hardware,
                hardware, AttestationStatus.VERIFIED, Optional.empty(), true, "test");
    }

    @Override
    public boolean acceptsData() {
        return true;
    }

    @Override
    public Map<String, Object> publicKey() {
        return key.publicJwk();
    }

    @Override
    public BoundEvidence evidence(String nonce) throws RuntimeOperationException {
        throw new RuntimeOperationException("not in tests");
    }

    @Override
    public RuntimeStatus reattest() {
        return status();
    }

    @Override
    public RuntimeStatus lockdown(String reason) {
        return status();
    }

    @Override
    public RuntimeStatus recover() {
        return status();
    }

    @Override
    public Optional<SecretBytes> secret(ResourcePath path) {
        return Optional.ofNullable(secrets.get(path));
    }

    @Override
    public byte[] decrypt(String jwe) throws RuntimeOperationException {
        try {
            return key.open(jwe);
        } catch (CryptoException e) {
            throw new RuntimeOperationException("cannot open: " + e.reason());
        }
    }
}
