package io.ccl.keys.management;

import static io.ccl.keys.management.KeyManagementComponent.details;

import io.ccl.attestation.api.Appraisal;
import io.ccl.attestation.api.AttestationResult;
import io.ccl.attestation.api.EarStatus;
import io.ccl.attestation.api.Finding;
import io.ccl.audit.api.AuditEvent;
import io.ccl.crypto.CryptoException;
import io.ccl.keys.api.Actor;
import io.ccl.keys.api.KeyStorage;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.Lockdown;
import io.ccl.keys.api.LockdownScope;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.management.state.LockdownRegistry;
import io.ccl.keys.management.state.ReleaseLedger;
import io.ccl.keys.management.state.RuntimeIdentity;
import io.ccl.keys.management.state.StateFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lockdowns and the release ledger behind them: which runtime received which secret version, the
 * persisted lockdowns, declaring one (register first, then revoke what the covered runtimes hold),
 * ending one, and the appraisal-gate review that contraindicates covered runtimes and locks down a
 * runtime that held secrets and now attests with an explicitly revoked value.
 */
final class LockdownControl {
    /** Emits one audit event (names, versions and outcomes only). */
    @FunctionalInterface
    interface Emitter {
        void emit(Actor actor, String action, String target, String outcome, Map<String, String> details);
    }

    static final Actor VERIFIER = new Actor("verifier", "verifier");
    private static final Logger LOG = LoggerFactory.getLogger(LockdownControl.class);
    private static final int MAX_REASON = 256;

    private final KeyStorage store;
    private final LockdownRegistry lockdowns;
    private final ReleaseLedger ledger;
    private final List<String> autoLockdownCodes;
    private final Clock clock;
    private final Emitter emitter;

    LockdownControl(KeyStorage store, Path stateDir, List<String> autoLockdownCodes, int maxRuntimes, Clock clock,
            Emitter emitter) throws IOException {
        Path dir = stateDir.toAbsolutePath();
        this.store = store;
        this.lockdowns = new LockdownRegistry(new StateFile<>(dir.resolve("lockdowns.json"), LockdownRegistry.Document.class));
        this.ledger = new ReleaseLedger(new StateFile<>(dir.resolve("releases.json"), ReleaseLedger.Document.class),
                Math.max(1, maxRuntimes));
        this.autoLockdownCodes = List.copyOf(autoLockdownCodes);
        this.clock = clock;
        this.emitter = emitter;
    }

    List<Lockdown> active() {
        return lockdowns.active();
    }

    /**
     * Registers the lockdown first (from then on nothing is released to or affirmed for covered
     * runtimes), then revokes what they were given.
     */
    Lockdown declare(Actor actor, LockdownScope scope, String reason) throws KeyStorageException {
        Set<String> releases = ledger.releasesTo(scope);
        Lockdown lockdown = new Lockdown(scope, reason, actor.toString(), clock.instant(), new ArrayList<>(releases));
        try {
            lockdowns.add(lockdown);
        } catch (IOException e) {
            emitter.emit(actor, "lockdown", scope.toString(), AuditEvent.FAILED, details("reason", reason, "error", "STATE_WRITE"));
            throw new KeyStorageException(Reason.UNAVAILABLE, "the lockdown could not be recorded durably", e);
        }
        List<String> failed = new ArrayList<>();
        for (String release : releases) {
            int hash = release.lastIndexOf('#');
            ResourcePath path = ResourcePath.parse(release.substring(0, hash));
            int version = Integer.parseInt(release.substring(hash + 1));
            try {
                boolean changed = store.deleteSecretVersion(path, version);
                emitter.emit(actor, "secret.revoke", release, AuditEvent.OK, details("lockdown", scope.toString(),
                        "changed", Boolean.toString(changed)));
            } catch (KeyStorageException e) {
                if (e.reason() != Reason.NOT_FOUND) {
                    failed.add(release);
                    emitter.emit(actor, "secret.revoke", release, AuditEvent.FAILED, details("lockdown", scope.toString(),
                            "error", e.reason().name()));
                }
            }
        }
        emitter.emit(actor, "lockdown", scope.toString(), failed.isEmpty() ? AuditEvent.OK : AuditEvent.FAILED,
                details("reason", reason, "revoked", Integer.toString(releases.size() - failed.size()),
                        "failed", Integer.toString(failed.size())));
        LOG.warn("LOCKDOWN of {} by {}: {} ({} released secret versions revoked)", scope, actor, reason,
                releases.size() - failed.size());
        if (!failed.isEmpty()) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "the lockdown is in effect but " + failed.size()
                    + " released secret versions could not be revoked: " + failed + "; retry the lockdown");
        }
        return lockdown;
    }

    /** Ends the lockdowns of exactly {@code scope}, durably; returns them. */
    List<Lockdown> end(Actor actor, LockdownScope scope) {
        List<Lockdown> ended;
        try {
            ended = lockdowns.remove(scope);
        } catch (IOException e) {
            emitter.emit(actor, "recover", scope.toString(), AuditEvent.FAILED, details("error", "STATE_WRITE"));
            throw new IllegalStateException("the recovery could not be recorded durably; the lockdown stays", e);
        }
        emitter.emit(actor, "recover", scope.toString(), AuditEvent.OK, details("ended", Integer.toString(ended.size())));
        return ended;
    }

    /** The first lockdown covering the runtime of {@code result}. */
    Optional<Lockdown> covering(AttestationResult result) {
        return identity(result.teeType(), result.claims(), result.teePublicKey()).map(lockdowns::covering)
                .orElseGet(this::lockdownOfAll);
    }

    void recordRelease(AttestationResult result, ResourcePath path, int version) throws KeyStorageException {
        RuntimeIdentity identity = identity(result.teeType(), result.claims(), result.teePublicKey())
                .orElseThrow(() -> new KeyStorageException(Reason.INVALID_ARGUMENT,
                        "the attestation result carries no usable runtime key"));
        try {
            ledger.record(identity, path, version, clock.instant());
        } catch (IOException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "the release ledger could not be written", e);
        }
        emitter.emit(VERIFIER, "secret.release", path.toString(), AuditEvent.OK, details("version",
                Integer.toString(version), "runtime", identity.runtime(), "tee", identity.tee()));
    }

    /** The appraisal-gate review: see {@link KeyManagementComponent}. */
    List<Finding> review(String teeType, Map<String, Object> claims, Map<String, Object> teePublicKey, Appraisal appraisal) {
        Optional<RuntimeIdentity> identity = identity(teeType, claims, teePublicKey);
        Optional<Lockdown> covering = identity.map(lockdowns::covering).orElseGet(this::lockdownOfAll);
        if (covering.isPresent()) {
            return List.of(finding(covering.get()));
        }
        List<String> revoking = appraisal.findings().stream()
                .filter(f -> f.status() == EarStatus.CONTRAINDICATED && autoLockdown(f.code()))
                .map(Finding::code).toList();
        if (identity.isEmpty() || appraisal.status() != EarStatus.CONTRAINDICATED || revoking.isEmpty()
                || !ledger.knows(identity.get().runtime())) {
            return List.of();
        }
        LockdownScope scope = new LockdownScope(LockdownScope.RUNTIME, identity.get().runtime());
        String reason = "a runtime that held secrets is no longer accepted: " + String.join(",", revoking);
        reason = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
        try {
            return List.of(finding(declare(VERIFIER, scope, reason)));
        } catch (KeyStorageException e) {
            // The lockdown is registered even when some revocations failed; report it all the same.
            return List.of(new Finding(Lockdown.FINDING, EarStatus.CONTRAINDICATED, "runtime is in lockdown: " + reason));
        }
    }

    /** Without a key thumbprint only a lockdown of everything can match; such a result gets nothing anyway. */
    private Optional<Lockdown> lockdownOfAll() {
        return lockdowns.active().stream().filter(l -> l.scope().isAll()).findFirst();
    }

    private static Optional<RuntimeIdentity> identity(String tee, Map<String, Object> claims, Map<String, Object> key) {
        try {
            return Optional.of(RuntimeIdentity.of(tee, claims, key));
        } catch (CryptoException e) {
            return Optional.empty();
        }
    }

    private boolean autoLockdown(String code) {
        return autoLockdownCodes.stream().anyMatch(c -> c.endsWith(".") ? code.startsWith(c) : code.equals(c));
    }

    private static Finding finding(Lockdown l) {
        return new Finding(Lockdown.FINDING, EarStatus.CONTRAINDICATED,
                "runtime is in lockdown since " + l.since() + " (" + l.scope() + "): " + l.reason());
    }
}
