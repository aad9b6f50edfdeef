package io.ccl.runtime.core;

import io.ccl.attestation.api.AttestationResult;
import io.ccl.attestation.api.Finding;
import io.ccl.crypto.CryptoException;
import io.ccl.crypto.EncryptionKey;
import io.ccl.crypto.Jwe;
import io.ccl.crypto.RuntimeDataBinding;
import io.ccl.crypto.SigningKey;
import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.Lockdown;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.SecretBytes;
import io.ccl.runtime.api.AttestationStatus;
import io.ccl.runtime.api.BoundEvidence;
import io.ccl.runtime.api.RuntimeOperationException;
import io.ccl.runtime.api.RuntimeState;
import io.ccl.runtime.api.RuntimeStatus;
import io.ccl.runtime.channel.ChannelException;
import io.ccl.runtime.channel.VerifierChannel;
import io.ccl.tee.api.Attester;
import io.ccl.tee.api.AttesterException;
import io.ccl.tee.api.Evidence;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's state machine, independent of OSGi: creates the ephemeral keys, attests through a
 * {@link VerifierChannel}, provisions secrets, and tracks READY/DEGRADED/LOCKDOWN. All mutating
 * calls are serialised by the caller's single scheduler thread or by {@code synchronized}.
 */
public final class RuntimeEngine {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeEngine.class);

    /** Settings of one engine. */
    public record Settings(List<ResourcePath> secrets, boolean acceptWarning) {
        public Settings {
            secrets = List.copyOf(secrets);
        }
    }

    private final EncryptionKey encryptionKey = EncryptionKey.generate();
    private final SigningKey signingKey = SigningKey.generate();
    private final String signingKeyId = thumbprint(signingKey);
    private final Supplier<Attester> attester;
    private final Supplier<VerifierChannel> channel;
    private final Supplier<Map<String, Object>> measured;
    private final Clock clock;
    private final Settings settings;
    private final Consumer<RuntimeStatus[]> onChange;
    private final Map<ResourcePath, SecretBytes> secrets = new ConcurrentHashMap<>();
    private volatile RuntimeStatus status;

    public RuntimeEngine(Supplier<Attester> attester, Supplier<VerifierChannel> channel, Supplier<String> measurements,
            Clock clock, Settings settings, Consumer<RuntimeStatus[]> onChange) {
        this(attester, channel, clock, settings, onChange,
                () -> Map.of(RuntimeDataBinding.MEASUREMENTS, measurements.get()));
    }

    /**
     * @param measured the runtime-data members describing the measured modules, taken atomically:
     *     {@code measurements} and optionally {@code ccl-bundle-log}
     */
    public RuntimeEngine(Supplier<Attester> attester, Supplier<VerifierChannel> channel, Clock clock, Settings settings,
            Consumer<RuntimeStatus[]> onChange, Supplier<Map<String, Object>> measured) {
        this.attester = attester;
        this.channel = channel;
        this.measured = measured;
        this.clock = clock;
        this.settings = settings;
        this.onChange = onChange;
        Attester a = attester.get();
        this.status = new RuntimeStatus(RuntimeState.BOOTING, clock.instant(), "", a == null ? "none" : a.teeType(),
                a != null && a.insecure(), a != null && a.memoryEncryptionActive(), AttestationStatus.PENDING,
                Optional.empty(), false, describeChannel());
    }

    public RuntimeStatus status() {
        return status;
    }

    /** True only in READY with a trustworthy, unexpired result. */
    public boolean acceptsData() {
        RuntimeStatus s = status;
        return s.state() == RuntimeState.READY && s.lastResult().map(r -> r.trustworthyAt(clock.instant(),
                settings.acceptWarning())).orElse(false);
    }

    public Map<String, Object> publicKey() {
        return encryptionKey.publicJwk();
    }

    public SigningKey signingKey() {
        return signingKey;
    }

    /** RFC 7638 thumbprint of the signing key's public JWK. */
    public String signingKeyId() {
        return signingKeyId;
    }

    /** One attestation cycle; does nothing in LOCKDOWN unless {@code recovering}. */
    public synchronized RuntimeStatus attest(boolean recovering) {
        if (status.state() == RuntimeState.LOCKDOWN && !recovering) {
            return status;
        }
        Attester a = attester.get();
        if (a == null) {
            return degrade("NO_ATTESTER", "no attester is available for this platform");
        }
        RuntimeState before = status.state();
        transition(RuntimeState.ATTESTING, "", before == RuntimeState.READY ? AttestationStatus.VERIFIED
                : AttestationStatus.PENDING, status.lastResult(), status.secretsProvisioned());
        AttestationResult result;
        try {
            result = channel.get().attest(a.teeType(), nonce -> bind(a, nonce));
        } catch (ChannelException e) {
            return degrade(e.code(), "attestation failed: " + e.getMessage());
        }
        Optional<Finding> lockdown = result.findings().stream().filter(f -> Lockdown.FINDING.equals(f.code())).findFirst();
        if (lockdown.isPresent()) {
            return lockdown(lockdown.get().message());
        }
        if (!result.trustworthyAt(clock.instant(), settings.acceptWarning())) {
            String why = result.findings().stream().map(f -> f.code()).reduce((x, y) -> x + "," + y).orElse("none");
            return degradeWith(result, "APPRAISAL_" + result.status().name(),
                    "appraisal " + result.status().json() + " (" + why + ")");
        }
        if (!sameKey(result.teePublicKey())) {
            return degradeWith(result, "KEY_MISMATCH", "attestation result is not bound to this runtime's key");
        }
        try {
            provision(result);
        } catch (ChannelException e) {
            return degradeWith(result, e.code(), "secret provisioning failed: " + e.getMessage());
        }
        LOG.info("attested: tee={} status={} policy={} expires={}", result.teeType(), result.status().json(),
                result.policyId(), result.expiresAt());
        return transition(RuntimeState.READY, "", AttestationStatus.VERIFIED, Optional.of(result), true);
    }

    /** Marks the runtime DEGRADED when its result has expired without a successful re-attestation. */
    public synchronized RuntimeStatus checkExpiry() {
        RuntimeStatus s = status;
        if (s.state() == RuntimeState.READY && !acceptsData()) {
            return degradeWith(s.lastResult().orElse(null), "ATTESTATION_EXPIRED", "attestation result expired");
        }
        return s;
    }

    public synchronized RuntimeStatus lockdown(String reason) {
        dropSecrets();
        LOG.warn("LOCKDOWN: {}", reason);
        return transition(RuntimeState.LOCKDOWN, reason, AttestationStatus.FAILED, status.lastResult(), false);
    }

    public synchronized RuntimeStatus recover() {
        if (status.state() != RuntimeState.LOCKDOWN) {
            return status;
        }
        return attest(true);
    }

    /** Evidence bound to {@code nonce}, this runtime's key and its measurements. */
    public BoundEvidence evidence(String nonce) throws RuntimeOperationException {
        Attester a = attester.get();
        if (a == null) {
            throw new RuntimeOperationException("no attester is available");
        }
        try {
            return bind(a, nonce);
        } catch (ChannelException e) {
            throw new RuntimeOperationException(e.getMessage());
        }
    }

    public Optional<SecretBytes> secret(ResourcePath path) {
        return acceptsData() ? Optional.ofNullable(secrets.get(path)) : Optional.empty();
    }

    public byte[] decrypt(String jwe) throws RuntimeOperationException {
        if (!acceptsData()) {
            throw new RuntimeOperationException("runtime is " + status.state() + ": data is refused");
        }
        try {
            return encryptionKey.open(jwe);
        } catch (CryptoException e) {
            throw new RuntimeOperationException("payload cannot be opened: " + e.reason());
        }
    }

    private static String thumbprint(SigningKey key) {
        try {
            return Jwe.thumbprint(key.publicJwk());
        } catch (CryptoException e) {
            throw new IllegalStateException("a generated P-256 key always has a thumbprint", e);
        }
    }

    /** Drops secrets; used on shutdown. */
    public synchronized void close() {
        dropSecrets();
    }

    private BoundEvidence bind(Attester a, String nonce) throws ChannelException {
        Map<String, Object> runtimeData = new LinkedHashMap<>();
        runtimeData.put(RuntimeDataBinding.NONCE, nonce);
        runtimeData.put(RuntimeDataBinding.TEE_PUBKEY, encryptionKey.publicJwk());
        runtimeData.putAll(measured.get());
        runtimeData.put(RuntimeDataBinding.SIGNING_KEY, signingKey.publicJwk());
        try {
            Evidence e = a.attest(RuntimeDataBinding.reportData(runtimeData));
            return new BoundEvidence(runtimeData, e);
        } catch (AttesterException e) {
            throw new ChannelException("ATTESTER_FAILED", e.getMessage());
        } catch (CryptoException e) {
            throw new ChannelException("BINDING_FAILED", e.getMessage());
        }
    }

    private void provision(AttestationResult result) throws ChannelException {
        for (ResourcePath path : settings.secrets()) {
            String jwe = channel.get().release(path, result);
            byte[] plain = null;
            try {
                plain = encryptionKey.open(jwe);
                SecretBytes old = secrets.put(path, SecretBytes.copyOf(plain, InsecureSecretAccess.get()));
                if (old != null) {
                    old.destroy();
                }
            } catch (CryptoException e) {
                throw new ChannelException("RELEASE_UNREADABLE", "released " + path + " does not open with the runtime key");
            } finally {
                if (plain != null) {
                    Arrays.fill(plain, (byte) 0);
                }
            }
        }
    }

    private boolean sameKey(Map<String, Object> attested) {
        Map<String, Object> mine = encryptionKey.publicJwk();
        return MessageDigest.isEqual(String.valueOf(mine.get("x")).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                String.valueOf(attested.get("x")).getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                && String.valueOf(mine.get("y")).equals(String.valueOf(attested.get("y")));
    }

    private RuntimeStatus degrade(String code, String reason) {
        return degradeWith(status.lastResult().orElse(null), code, reason);
    }

    private RuntimeStatus degradeWith(AttestationResult result, String code, String reason) {
        dropSecrets();
        LOG.warn("DEGRADED [{}]: {}", code, reason);
        return transition(RuntimeState.DEGRADED, code + ": " + reason, AttestationStatus.FAILED,
                Optional.ofNullable(result), false);
    }

    private void dropSecrets() {
        secrets.values().forEach(SecretBytes::destroy);
        secrets.clear();
    }

    private RuntimeStatus transition(RuntimeState state, String reason, AttestationStatus att,
            Optional<AttestationResult> result, boolean provisioned) {
        RuntimeStatus previous = status;
        Instant since = previous.state() == state ? previous.since() : clock.instant();
        Attester a = attester.get();
        RuntimeStatus next = new RuntimeStatus(state, since, reason, a == null ? previous.teeType() : a.teeType(),
                a == null ? previous.insecureTee() : a.insecure(),
                a == null ? previous.memoryEncryptionActive() : a.memoryEncryptionActive(), att, result,
                provisioned, describeChannel());
        status = next;
        if (previous.state() != state) {
            onChange.accept(new RuntimeStatus[] {previous, next});
        }
        return next;
    }

    private String describeChannel() {
        VerifierChannel c = channel.get();
        return c == null ? "none" : c.describe();
    }
}
