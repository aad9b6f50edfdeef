package io.ccl.keys.management;

import io.ccl.attestation.api.Appraisal;
import io.ccl.attestation.api.AppraisalGate;
import io.ccl.attestation.api.AttestationResult;
import io.ccl.attestation.api.Finding;
import io.ccl.audit.api.AuditEvent;
import io.ccl.audit.api.AuditSink;
import io.ccl.audit.api.AuditTrail;
import io.ccl.keys.api.Actor;
import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyManagement;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeyStorage;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageHandle;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.KeyVersion;
import io.ccl.keys.api.KeyVersionState;
import io.ccl.keys.api.Lockdown;
import io.ccl.keys.api.LockdownScope;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.RewrapResult;
import io.ccl.keys.api.SecretBytes;
import io.ccl.keys.api.SecretVersion;
import io.ccl.runtime.api.ConfidentialRuntime;
import io.ccl.runtime.api.RuntimeState;
import io.ccl.runtime.api.RuntimeStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key management over the configured {@link KeyStorage}: audited lifecycle operations, scheduled
 * rotation, the release ledger, and lockdown. It is also an {@link AppraisalGate}: runtimes in a
 * lockdown get a contraindicated result with the finding {@value #LOCKDOWN_FINDING}, and a runtime
 * that held secrets and whose appraisal turns contraindicated for one of the configured finding
 * codes (by default the policy's explicit revocations: a forbidden measurement, a TCB below its
 * minimum) is locked down automatically. A value that is merely no longer among the reference
 * values (or a policy that does not list the TEE) degrades the runtime, which drops its secrets,
 * but revokes nothing: an operator's policy mistake must not destroy every released secret.
 *
 * <p>Automatic lockdown uses appraisal findings only: the evidence was authentic and bound to the
 * runtime key, so its thumbprint names the runtime truthfully. Evidence that fails verification
 * proves nothing about which runtime sent it and never triggers a lockdown (it cannot attest, so it
 * receives nothing anyway).
 */
@Component(service = {KeyManagement.class, AppraisalGate.class}, configurationPid = KeyManagementComponent.PID,
        immediate = true)
@Designate(ocd = KeyManagementComponent.Config.class)
public final class KeyManagementComponent implements KeyManagement, AppraisalGate, AutoCloseable {
    /** Configuration PID. */
    public static final String PID = "io.ccl.keys.management";
    /** Finding code of a result refused because its runtime is in lockdown. */
    public static final String LOCKDOWN_FINDING = Lockdown.FINDING;
    /** Logger name of the key lifecycle audit lines. */
    public static final String AUDIT_LOGGER = "io.ccl.audit.keys";

    private static final Logger LOG = LoggerFactory.getLogger(KeyManagementComponent.class);
    private static final Pattern REASON = Pattern.compile("[\\x20-\\x7e]{1,256}");

    @ObjectClassDefinition(name = "CCL key management",
            description = "Key lifecycle, scheduled rotation, release ledger and lockdown over the configured key store.")
    public @interface Config {
        @AttributeDefinition(name = "Key store", description = "LDAP filter selecting the KeyStorage service.")
        String store_target() default "(ccl.keys.store=local)";

        @AttributeDefinition(name = "State directory",
                description = "Lockdowns and the release ledger (names, versions, claims; no key material).")
        String state_dir() default "data/keys-management";

        @AttributeDefinition(name = "Rotation schedule", description = "Entries name=ISO-8601 period, e.g. data-key=P30D.")
        String[] rotation_schedule() default {};

        @AttributeDefinition(name = "Rotation check interval (s)")
        long rotation_check_seconds() default 60;

        @AttributeDefinition(name = "Automatic lockdown findings",
                description = "Contraindicated finding codes (or prefixes ending in '.') that lock down a runtime which "
                        + "held secrets. Default: the policy's explicit revocations (forbid lists, TCB minimums); a value "
                        + "merely missing from the reference values degrades a runtime but does not revoke what it held.")
        String[] auto_lockdown_findings() default {"forbid.", "minimum."};

        @AttributeDefinition(name = "Ledger size", description = "Runtimes remembered in the release ledger.")
        int max_runtimes() default 10000;
    }

    private final KeyStorage store;
    private final Clock clock;
    private final AuditTrail audit;
    private final RotationSchedule schedule;
    private final LockdownControl control;
    private final AtomicReference<ConfidentialRuntime> localRuntime = new AtomicReference<>();
    private final ScheduledExecutorService scheduler;

    /** DS constructor; an invalid schedule fails activation rather than silently never rotating. */
    @Activate
    public KeyManagementComponent(Config config) throws IOException {
        this(new KeyStorageHandle(), Path.of(config.state_dir()), RotationSchedule.parse(config.rotation_schedule()),
                List.of(config.auto_lockdown_findings()), config.max_runtimes(), Clock.systemUTC(), new AuditTrail(AUDIT_LOGGER));
        long period = Math.max(1, config.rotation_check_seconds());
        scheduler.scheduleWithFixedDelay(this::rotateDueQuietly, period, period, TimeUnit.SECONDS);
    }

    /**
     * Key management without scheduled rotation, for embedding and tests: state under
     * {@code stateDir}, the default automatic-lockdown findings, events to {@code sinks}.
     */
    public static KeyManagementComponent embedded(KeyStorage store, Path stateDir, Clock clock, AuditSink... sinks)
            throws IOException {
        AuditTrail trail = new AuditTrail(AUDIT_LOGGER);
        for (AuditSink sink : sinks) {
            trail.addSink(sink);
        }
        return new KeyManagementComponent(store, stateDir, RotationSchedule.parse(new String[0]),
                List.of("forbid.", "minimum."),
                10000, clock, trail);
    }

    KeyManagementComponent(KeyStorage store, Path stateDir, RotationSchedule schedule, List<String> autoLockdownCodes,
            int maxRuntimes, Clock clock, AuditTrail audit) throws IOException {
        this.store = Objects.requireNonNull(store, "store");
        this.schedule = schedule;
        this.clock = clock;
        this.audit = audit;
        this.control = new LockdownControl(store, stateDir, autoLockdownCodes, maxRuntimes, clock, this::emit);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ccl-key-rotation");
            t.setDaemon(true);
            return t;
        });
        if (!control.active().isEmpty()) {
            LOG.warn("{} lockdown(s) in effect: {}", control.active().size(),
                    control.active().stream().map(l -> l.scope().toString()).toList());
        }
    }

    @Deactivate
    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /**
     * The key store, optional and dynamic: a store bundle can be swapped in place while key
     * management serves; meanwhile its operations fail with UNAVAILABLE (the target filter is the
     * configuration property {@code store.target}).
     */
    @Reference(name = "store", service = KeyStorage.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetStore")
    void setStore(KeyStorage s) {
        if (store instanceof KeyStorageHandle handle) {
            handle.bind(s);
        }
    }

    void unsetStore(KeyStorage s) {
        if (store instanceof KeyStorageHandle handle) {
            handle.unbind(s);
        }
    }

    @Reference(name = "sink", service = AuditSink.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeSink")
    void addSink(AuditSink sink) {
        audit.addSink(sink);
    }

    void removeSink(AuditSink sink) {
        audit.removeSink(sink);
    }

    /** The runtime in this framework, if any: told at once about lockdowns that cover it. */
    @Reference(name = "runtime", service = ConfidentialRuntime.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetRuntime")
    void setRuntime(ConfidentialRuntime runtime) {
        localRuntime.set(runtime);
    }

    void unsetRuntime(ConfidentialRuntime runtime) {
        localRuntime.compareAndSet(runtime, null);
    }

    @Override
    public String storeKind() {
        return store.kind();
    }

    // --- keys ------------------------------------------------------------------------------------

    @Override
    public KeyInfo createKey(Actor actor, String name, KeyAlgorithm algorithm, Set<KeyPurpose> purposes)
            throws KeyStorageException {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(purposes, "purposes");
        return audited(actor, "key.create", name, details("algorithm", algorithm.name(), "purposes",
                String.join(",", purposes.stream().map(Enum::name).sorted().toList())),
                () -> store.createKey(name, algorithm, purposes));
    }

    @Override
    public List<KeyInfo> listKeys() throws KeyStorageException {
        return store.listKeys();
    }

    @Override
    public Optional<KeyInfo> keyInfo(String name) throws KeyStorageException {
        return store.keyInfo(name);
    }

    @Override
    public KeyInfo rotateKey(Actor actor, String name) throws KeyStorageException {
        return audited(actor, "key.rotate", name, Map.of(), () -> store.rotateKey(name));
    }

    @Override
    public KeyInfo revokeKey(Actor actor, String name, OptionalInt version, String reason) throws KeyStorageException {
        checkReason(reason);
        Map<String, String> details = details("version", version.isPresent() ? Integer.toString(version.getAsInt()) : "all",
                "reason", reason);
        return audited(actor, "key.revoke", name, details, () -> {
            if (version.isPresent()) {
                return store.setVersionState(name, version.getAsInt(), KeyVersionState.REVOKED);
            }
            KeyInfo info = require(name);
            for (KeyVersion v : info.versions()) {
                if (v.state() != KeyVersionState.REVOKED) {
                    info = store.setVersionState(name, v.version(), KeyVersionState.REVOKED);
                }
            }
            return info;
        });
    }

    @Override
    public KeyInfo retireKey(Actor actor, String name, int minVersion) throws KeyStorageException {
        return audited(actor, "key.retire", name, details("min_version", Integer.toString(minVersion)), () -> {
            KeyInfo info = require(name);
            if (minVersion < 1 || minVersion > info.latestVersion()) {
                throw new KeyStorageException(Reason.INVALID_ARGUMENT,
                        "min_version must be between 1 and the newest version " + info.latestVersion());
            }
            for (KeyVersion v : info.versions()) {
                boolean usable = v.state() == KeyVersionState.ACTIVE || v.state() == KeyVersionState.DECRYPT_ONLY;
                if (v.version() < minVersion && usable) {
                    info = store.setVersionState(name, v.version(), KeyVersionState.RETIRED);
                }
            }
            return info;
        });
    }

    @Override
    public RewrapResult rewrap(Actor actor, String name, List<byte[]> ciphertexts, byte[] aad) throws KeyStorageException {
        if (ciphertexts.size() > MAX_REWRAP_BATCH) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "a rewrap batch holds at most " + MAX_REWRAP_BATCH);
        }
        return audited(actor, "key.rewrap", name, details("count", Integer.toString(ciphertexts.size())), () -> {
            List<byte[]> out = new ArrayList<>(ciphertexts.size());
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < ciphertexts.size(); i++) {
                try {
                    out.add(store.rewrap(name, ciphertexts.get(i), aad));
                } catch (KeyStorageException e) {
                    if (e.reason() == Reason.UNAVAILABLE || e.reason() == Reason.NOT_FOUND) {
                        throw e; // the whole batch cannot proceed
                    }
                    out.add(null);
                    failures.add(i + ": " + e.reason());
                }
            }
            return new RewrapResult(out, failures);
        });
    }

    /** Rotates every key whose schedule is due; returns the names rotated. */
    List<String> rotateDue() throws KeyStorageException {
        List<String> rotated = new ArrayList<>();
        Instant now = clock.instant();
        for (String name : schedule.periods().keySet()) {
            Optional<KeyInfo> info = store.keyInfo(name);
            if (info.isPresent() && schedule.due(info.get(), now)) {
                rotateKey(Actor.scheduler(), name);
                rotated.add(name);
            }
        }
        return rotated;
    }

    private void rotateDueQuietly() {
        try {
            rotateDue();
        } catch (KeyStorageException | RuntimeException e) {
            LOG.warn("scheduled rotation failed: {}", e instanceof KeyStorageException k ? k.reason() : e.getClass().getName());
        }
    }

    // --- secrets ---------------------------------------------------------------------------------

    @Override
    public int putSecret(Actor actor, ResourcePath path, SecretBytes value, OptionalInt cas) throws KeyStorageException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(value, "value");
        Map<String, String> details = details("size", Integer.toString(value.size()),
                "cas", cas.isPresent() ? Integer.toString(cas.getAsInt()) : "-");
        return audited(actor, "secret.put", path.toString(), details, () -> store.putSecret(path, value, cas));
    }

    @Override
    public List<ResourcePath> listSecrets() throws KeyStorageException {
        return store.listSecrets();
    }

    @Override
    public List<SecretVersion> secretVersions(ResourcePath path) throws KeyStorageException {
        return store.secretVersions(path);
    }

    @Override
    public boolean deleteSecret(Actor actor, ResourcePath path) throws KeyStorageException {
        return audited(actor, "secret.delete", path.toString(), Map.of(), () -> store.deleteSecret(path));
    }

    // --- lockdown --------------------------------------------------------------------------------

    @Override
    public Lockdown lockdown(Actor actor, LockdownScope scope, String reason) throws KeyStorageException {
        Objects.requireNonNull(scope, "scope");
        checkReason(reason);
        Lockdown lockdown = control.declare(actor, scope, reason);
        notifyLocalRuntime(lockdown);
        return lockdown;
    }

    @Override
    public List<Lockdown> recover(Actor actor, LockdownScope scope) {
        Objects.requireNonNull(scope, "scope");
        List<Lockdown> ended = control.end(actor, scope);
        ConfidentialRuntime runtime = localRuntime.get();
        if (!ended.isEmpty() && runtime != null && runtime.status().state() == RuntimeState.LOCKDOWN
                && runtime.status().lastResult().flatMap(this::lockdownFor).isEmpty()) {
            RuntimeStatus after = runtime.recover();
            LOG.info("local runtime recovery after {}: {}", scope, after.state());
        }
        return ended;
    }

    @Override
    public List<Lockdown> lockdowns() {
        return control.active();
    }

    @Override
    public Optional<Lockdown> lockdownFor(AttestationResult result) {
        Objects.requireNonNull(result, "result");
        return control.covering(result);
    }

    @Override
    public void recordRelease(AttestationResult result, ResourcePath path, int version) throws KeyStorageException {
        control.recordRelease(result, path, version);
    }

    @Override
    public List<Finding> review(String teeType, Map<String, Object> claims, Map<String, Object> teePublicKey,
            Appraisal appraisal) {
        return control.review(teeType, claims, teePublicKey, appraisal);
    }

    /** Tells the runtime in this framework at once when the lockdown covers it. */
    private void notifyLocalRuntime(Lockdown lockdown) {
        ConfidentialRuntime runtime = localRuntime.get();
        if (runtime == null) {
            return;
        }
        Optional<AttestationResult> last = runtime.status().lastResult();
        boolean covered = lockdown.scope().isAll() || last.flatMap(this::lockdownFor).isPresent();
        if (covered) {
            runtime.lockdown("lockdown " + lockdown.scope() + " by " + lockdown.actor() + ": " + lockdown.reason());
        }
    }

    // --- plumbing ---------------------------------------------------------------------------------

    /** One store operation. */
    @FunctionalInterface
    private interface Operation<T> {
        T run() throws KeyStorageException;
    }

    private <T> T audited(Actor actor, String action, String target, Map<String, String> details, Operation<T> op)
            throws KeyStorageException {
        Objects.requireNonNull(actor, "actor");
        try {
            T result = op.run();
            Map<String, String> d = new LinkedHashMap<>(details);
            if (result instanceof KeyInfo info) {
                d.put("latest_version", Integer.toString(info.latestVersion()));
            } else if (result instanceof Integer version) {
                d.put("version", Integer.toString(version));
            }
            emit(actor, action, target, AuditEvent.OK, d);
            return result;
        } catch (KeyStorageException e) {
            Map<String, String> d = new LinkedHashMap<>(details);
            d.put("error", e.reason().name());
            emit(actor, action, String.valueOf(target), e.reason() == Reason.NOT_PERMITTED
                    || e.reason() == Reason.KEY_UNUSABLE ? AuditEvent.DENIED : AuditEvent.FAILED, d);
            throw e;
        }
    }

    private void emit(Actor actor, String action, String target, String outcome, Map<String, String> details) {
        audit.emit(new AuditEvent(clock.instant(), actor.toString(), action, target == null ? "-" : target, outcome, details));
    }

    private KeyInfo require(String name) throws KeyStorageException {
        return store.keyInfo(name).orElseThrow(() -> new KeyStorageException(Reason.NOT_FOUND, "no key " + name));
    }

    private static void checkReason(String reason) throws KeyStorageException {
        if (reason == null || !REASON.matcher(reason).matches()) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "a reason of 1-256 printable ASCII characters is required");
        }
    }

    static Map<String, String> details(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
