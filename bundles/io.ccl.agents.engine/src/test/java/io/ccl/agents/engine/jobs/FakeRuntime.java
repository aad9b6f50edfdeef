package io.ccl.agents.engine.jobs;

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
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A ConfidentialRuntime for tests: a real P-256 JWE key (io.ccl.crypto), a settable state, secrets
 * held as the runtime holds them (visible only in READY), and counters of reattest/lockdown calls.
 */
public final class FakeRuntime implements ConfidentialRuntime {
    private final EncryptionKey key = EncryptionKey.generate();
    private final Map<ResourcePath, SecretBytes> secrets = new ConcurrentHashMap<>();
    private volatile RuntimeState state = RuntimeState.READY;
    private volatile boolean insecure = true;
    private volatile boolean memoryEncryption;
    final AtomicInteger reattests = new AtomicInteger();
    final AtomicInteger lockdowns = new AtomicInteger();
    final AtomicInteger decrypts = new AtomicInteger();

    public void state(RuntimeState s) {
        state = s;
    }

    /** A hardware TEE (memory encrypted) or a simulation. */
    public void hardware(boolean memoryEncrypted) {
        insecure = false;
        memoryEncryption = memoryEncrypted;
    }

    public void provision(ResourcePath path, byte[] value) {
        secrets.put(path, SecretBytes.copyOf(value, InsecureSecretAccess.get()));
    }

    public SecretBytes held(ResourcePath path) {
        return secrets.get(path);
    }

    /** What a client does: seal the input to the runtime's attested key. */
    public String sealForRuntime(byte[] plaintext) {
        try {
            return Jwe.seal(plaintext, publicKey());
        } catch (CryptoException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public RuntimeStatus status() {
        RuntimeState s = state;
        return new RuntimeStatus(s, Instant.now(), "", insecure ? "simulation" : "sevsnp", insecure, memoryEncryption,
                s == RuntimeState.READY ? AttestationStatus.VERIFIED : AttestationStatus.PENDING, Optional.empty(),
                s == RuntimeState.READY, "test");
    }

    @Override
    public boolean acceptsData() {
        return state == RuntimeState.READY;
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
        reattests.incrementAndGet();
        return status();
    }

    @Override
    public RuntimeStatus lockdown(String reason) {
        lockdowns.incrementAndGet();
        state = RuntimeState.LOCKDOWN;
        return status();
    }

    @Override
    public RuntimeStatus recover() {
        state = RuntimeState.READY;
        return status();
    }

    @Override
    public Optional<SecretBytes> secret(ResourcePath path) {
        return acceptsData() ? Optional.ofNullable(secrets.get(path)) : Optional.empty();
    }

    @Override
    public byte[] decrypt(String jwe) throws RuntimeOperationException {
        if (!acceptsData()) {
            throw new RuntimeOperationException("runtime is " + state + ": data is refused");
        }
        decrypts.incrementAndGet();
        try {
            return key.open(jwe);
        } catch (CryptoException e) {
            throw new RuntimeOperationException("payload cannot be opened: " + e.reason());
        }
    }
}
