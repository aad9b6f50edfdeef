package io.ccl.keys.tck;

import io.ccl.attestation.api.AttestationResult;
import io.ccl.keys.api.Actor;
import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyManagement;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.KeyVersion;
import io.ccl.keys.api.KeyVersionState;
import io.ccl.keys.api.Lockdown;
import io.ccl.keys.api.LockdownScope;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.RewrapResult;
import io.ccl.keys.api.SecretBytes;
import io.ccl.keys.api.SecretVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * A test double of {@link KeyManagement} for tests of the surfaces over it (REST, shell), not a
 * key manager: never deploy it. The surface tests: keys and secrets in maps, with the
 * documented reasons for bad calls. A "ciphertext" is {@code [version byte] || payload}; rewrap
 * re-tags it with the active version. {@link #failNext} makes the next call fail with a reason
 * and a message that contains {@link #STORE_INTERNALS}, which must never reach a client.
 */
public final class InMemoryKeyManagement implements KeyManagement {
    /** Part of every injected failure message; must never reach a REST client. */
    public static final String STORE_INTERNALS = "vault said: internal-detail-4711";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    private record Key(KeyAlgorithm algorithm, Set<KeyPurpose> purposes, List<KeyVersion> versions) {
    }

    private record Stored(int version, SecretVersion.State state, byte[] value) {
    }

    private final Map<String, Key> keys = new LinkedHashMap<>();
    private final Map<ResourcePath, List<Stored>> secrets = new LinkedHashMap<>();
    private final List<Lockdown> lockdowns = new CopyOnWriteArrayList<>();
    /** Every actor that changed something, in order. */
    /** Every actor that called a mutating operation, in order. */
    public final List<Actor> actors = new CopyOnWriteArrayList<>();
    private final List<String> lockdownReleases;

    /** A double whose lockdowns report {@code repo/type/tag#1} as revoked. */
    public InMemoryKeyManagement() {
        this(List.of("repo/type/tag#1"));
    }

    /** A double whose lockdowns report {@code lockdownReleases} as revoked. */
    public InMemoryKeyManagement(List<String> lockdownReleases) {
        this.lockdownReleases = List.copyOf(lockdownReleases);
    }
    private volatile Reason failNext;

    /** The next call (of any method that can fail) throws {@code reason}. */
    /** Makes the next call fail with {@code reason}. */
    public void failNext(Reason reason) {
        failNext = reason;
    }

    private void maybeFail() throws KeyStorageException {
        Reason r = failNext;
        if (r != null) {
            failNext = null;
            throw new KeyStorageException(r, "injected failure; " + STORE_INTERNALS);
        }
    }

    /** The stored bytes of the newest live version (for assertions). */
    /** The stored value of the newest version (tests only). */
    public synchronized byte[] secretValue(ResourcePath path) {
        List<Stored> list = secrets.getOrDefault(path, List.of());
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i).state() == SecretVersion.State.LIVE) {
                return list.get(i).value().clone();
            }
        }
        return null;
    }

    @Override
    public String storeKind() {
        return "memory";
    }

    @Override
    public synchronized KeyInfo createKey(Actor actor, String name, KeyAlgorithm algorithm, Set<KeyPurpose> purposes)
            throws KeyStorageException {
        maybeFail();
        if (!NAME.matcher(name).matches()) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "invalid key name");
        }
        if (keys.containsKey(name)) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "key " + name + " exists");
        }
        Set<KeyPurpose> allowed = algorithm == KeyAlgorithm.AES_256_GCM
                ? EnumSet.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT, KeyPurpose.WRAP, KeyPurpose.UNWRAP)
                : EnumSet.of(KeyPurpose.SIGN, KeyPurpose.VERIFY);
        if (!allowed.containsAll(purposes)) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "purposes do not fit " + algorithm);
        }
        actors.add(actor);
        keys.put(name, new Key(algorithm, Set.copyOf(purposes), new ArrayList<>(List.of(
                new KeyVersion(1, KeyVersionState.ACTIVE, T0)))));
        return info(name);
    }

    private KeyInfo info(String name) {
        Key k = keys.get(name);
        return new KeyInfo(name, k.algorithm(), k.purposes(), k.versions());
    }

    private Key key(String name) throws KeyStorageException {
        Key k = keys.get(name);
        if (k == null) {
            throw new KeyStorageException(Reason.NOT_FOUND, "no key " + name);
        }
        return k;
    }

    @Override
    public synchronized List<KeyInfo> listKeys() throws KeyStorageException {
        maybeFail();
        return keys.keySet().stream().map(this::info).toList();
    }

    @Override
    public synchronized Optional<KeyInfo> keyInfo(String name) throws KeyStorageException {
        maybeFail();
        return keys.containsKey(name) ? Optional.of(info(name)) : Optional.empty();
    }

    @Override
    public synchronized KeyInfo rotateKey(Actor actor, String name) throws KeyStorageException {
        maybeFail();
        Key k = key(name);
        List<KeyVersion> v = k.versions();
        for (int i = 0; i < v.size(); i++) {
            if (v.get(i).state() == KeyVersionState.ACTIVE) {
                v.set(i, new KeyVersion(v.get(i).version(), KeyVersionState.DECRYPT_ONLY, v.get(i).createdAt()));
            }
        }
        v.add(new KeyVersion(v.size() + 1, KeyVersionState.ACTIVE, T0.plusSeconds(v.size())));
        actors.add(actor);
        return info(name);
    }

    @Override
    public synchronized KeyInfo revokeKey(Actor actor, String name, OptionalInt version, String reason)
            throws KeyStorageException {
        maybeFail();
        Key k = key(name);
        List<KeyVersion> v = k.versions();
        if (version.isPresent() && (version.getAsInt() < 1 || version.getAsInt() > v.size())) {
            throw new KeyStorageException(Reason.NOT_FOUND, "no version " + version.getAsInt() + " of " + name);
        }
        if (version.isPresent() && v.get(version.getAsInt() - 1).state() == KeyVersionState.REVOKED) {
            throw new KeyStorageException(Reason.KEY_UNUSABLE, "version " + version.getAsInt() + " is already revoked");
        }
        for (int i = 0; i < v.size(); i++) {
            if (version.isEmpty() || version.getAsInt() == i + 1) {
                v.set(i, new KeyVersion(i + 1, KeyVersionState.REVOKED, v.get(i).createdAt()));
            }
        }
        actors.add(actor);
        return info(name);
    }

    @Override
    public synchronized KeyInfo retireKey(Actor actor, String name, int minVersion) throws KeyStorageException {
        maybeFail();
        Key k = key(name);
        List<KeyVersion> v = k.versions();
        if (minVersion > v.size()) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "min_version " + minVersion + " exceeds the newest "
                    + v.size());
        }
        for (int i = 0; i < minVersion - 1; i++) {
            KeyVersionState s = v.get(i).state();
            if (s == KeyVersionState.ACTIVE || s == KeyVersionState.DECRYPT_ONLY) {
                v.set(i, new KeyVersion(i + 1, KeyVersionState.RETIRED, v.get(i).createdAt()));
            }
        }
        actors.add(actor);
        return info(name);
    }

    @Override
    public synchronized RewrapResult rewrap(Actor actor, String name, List<byte[]> ciphertexts, byte[] aad)
            throws KeyStorageException {
        maybeFail();
        Key k = key(name);
        if (k.algorithm() != KeyAlgorithm.AES_256_GCM) {
            throw new KeyStorageException(Reason.NOT_PERMITTED, name + " is not an encryption key");
        }
        if (ciphertexts.size() > MAX_REWRAP_BATCH) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "batch too large");
        }
        int active = k.versions().stream().filter(v -> v.state() == KeyVersionState.ACTIVE).mapToInt(KeyVersion::version)
                .findFirst().orElseThrow(() -> new KeyStorageException(Reason.KEY_UNUSABLE, name + " has no active version"));
        List<byte[]> out = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < ciphertexts.size(); i++) {
            byte[] c = ciphertexts.get(i);
            int version = c[0];
            KeyVersionState state = version >= 1 && version <= k.versions().size()
                    ? k.versions().get(version - 1).state() : null;
            if (state != KeyVersionState.ACTIVE && state != KeyVersionState.DECRYPT_ONLY) {
                out.add(null);
                failures.add(i + ": " + (state == null ? "INTEGRITY" : "KEY_UNUSABLE"));
                continue;
            }
            byte[] n = c.clone();
            n[0] = (byte) active;
            out.add(n);
        }
        actors.add(actor);
        return new RewrapResult(out, failures);
    }

    @Override
    public synchronized int putSecret(Actor actor, ResourcePath path, SecretBytes value, OptionalInt cas)
            throws KeyStorageException {
        maybeFail();
        List<Stored> list = secrets.computeIfAbsent(path, p -> new ArrayList<>());
        int current = list.isEmpty() || list.get(list.size() - 1).state() != SecretVersion.State.LIVE ? 0
                : list.get(list.size() - 1).version();
        if (cas.isPresent() && cas.getAsInt() != current) {
            throw new KeyStorageException(Reason.CAS_MISMATCH, "current version of " + path + " is " + current);
        }
        int version = list.size() + 1;
        list.add(new Stored(version, SecretVersion.State.LIVE, value.reveal(InsecureSecretAccess.get())));
        actors.add(actor);
        return version;
    }

    @Override
    public synchronized List<ResourcePath> listSecrets() throws KeyStorageException {
        maybeFail();
        return secrets.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(s -> s.state() == SecretVersion.State.LIVE))
                .map(Map.Entry::getKey).toList();
    }

    @Override
    public synchronized List<SecretVersion> secretVersions(ResourcePath path) throws KeyStorageException {
        maybeFail();
        return secrets.getOrDefault(path, List.of()).stream()
                .map(s -> new SecretVersion(s.version(), T0.plusSeconds(s.version()), s.state())).toList();
    }

    @Override
    public synchronized boolean deleteSecret(Actor actor, ResourcePath path) throws KeyStorageException {
        maybeFail();
        List<Stored> list = secrets.get(path);
        if (list == null || list.stream().noneMatch(s -> s.state() == SecretVersion.State.LIVE)) {
            return false;
        }
        for (int i = 0; i < list.size(); i++) {
            Arrays.fill(list.get(i).value(), (byte) 0);
            list.set(i, new Stored(list.get(i).version(), SecretVersion.State.DESTROYED, new byte[0]));
        }
        actors.add(actor);
        return true;
    }

    @Override
    public synchronized Lockdown lockdown(Actor actor, LockdownScope scope, String reason) throws KeyStorageException {
        maybeFail();
        Lockdown l = new Lockdown(scope, reason, actor.principal(), T0, lockdownReleases);
        lockdowns.add(l);
        actors.add(actor);
        return l;
    }

    @Override
    public synchronized List<Lockdown> recover(Actor actor, LockdownScope scope) {
        List<Lockdown> ended = lockdowns.stream().filter(l -> l.scope().equals(scope)).toList();
        lockdowns.removeAll(ended);
        actors.add(actor);
        return ended;
    }

    @Override
    public List<Lockdown> lockdowns() {
        return List.copyOf(lockdowns);
    }

    @Override
    public Optional<Lockdown> lockdownFor(AttestationResult result) {
        return Optional.empty();
    }

    @Override
    public void recordRelease(AttestationResult result, ResourcePath path, int version) {
        // The surfaces under test never release.
    }
}
