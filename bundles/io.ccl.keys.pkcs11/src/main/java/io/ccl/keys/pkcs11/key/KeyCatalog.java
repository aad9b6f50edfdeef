package io.ccl.keys.pkcs11.key;

import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.KeyVersion;
import io.ccl.keys.api.KeyVersionState;
import io.ccl.keys.pkcs11.layout.Labels;
import io.ccl.keys.pkcs11.layout.MetadataObjects;
import io.ccl.keys.pkcs11.layout.MetadataObjects.Stored;
import io.ccl.keys.pkcs11.layout.NameLocks;
import io.ccl.keys.pkcs11.token.Pkcs11Errors;
import io.ccl.keys.pkcs11.token.TokenObjects;
import io.ccl.keys.pkcs11.token.TokenSessions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;

/**
 * Named, versioned keys: metadata in {@code <ns>:keymeta:<name>} ({@link KeyCodec}, replaced by
 * generations, see {@link MetadataObjects}) and the key objects of each version labelled
 * {@code <ns>:key:<name>:v<N>} ({@link KeyObjects}).
 *
 * <p>Order of writes, so that a crash leaves either the old or the new state:
 * <ul>
 *   <li>create / rotate: generate the new version's objects, then write the metadata that names
 *       them (the commit point). Objects no metadata names are destroyed before a version with
 *       that label is generated, and by {@link #sweep} at start.</li>
 *   <li>revoke: write the metadata saying REVOKED, then destroy the version's objects; leftovers
 *       of a crash in between are destroyed by {@link #sweep}.</li>
 *   <li>delete: destroy every version's objects (all are RETIRED or REVOKED, so nothing uses
 *       them), then the metadata.</li>
 * </ul>
 *
 * <p>Metadata is cached: this store must be the only writer of its namespace on the token.
 */
public final class KeyCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(KeyCatalog.class);

    private final TokenSessions sessions;
    private final Labels labels;
    private final MetadataObjects metadata;
    private final TokenObjects objects;
    private final NameLocks locks;
    private final Clock clock;
    private final SecureRandom random;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Set<String> broken = ConcurrentHashMap.newKeySet();

    /** The cached metadata of one key and the object it came from. */
    record Entry(KeyInfo info, Stored stored) {
    }

    public KeyCatalog(TokenSessions sessions, Labels labels, MetadataObjects metadata, TokenObjects objects, NameLocks locks,
            Clock clock, SecureRandom random) {
        this.sessions = sessions;
        this.labels = labels;
        this.metadata = metadata;
        this.objects = objects;
        this.locks = locks;
        this.clock = clock;
        this.random = random;
    }

    /** Takes the key metadata out of a scan of all metadata objects. */
    public void accept(MetadataObjects.Loaded loaded) {
        for (Map.Entry<String, Stored> e : loaded.current().entrySet()) {
            Optional<String> name = labels.parseKeyMetadata(e.getKey());
            if (name.isEmpty()) {
                continue;
            }
            try {
                entries.put(name.get(), new Entry(KeyCodec.decode(name.get(), e.getValue().root()), e.getValue()));
            } catch (KeyStorageException ex) {
                broken.add(name.get());
                LOG.error("{}; the key is unusable until an operator repairs it", ex.getMessage());
            }
        }
        for (String label : loaded.broken()) {
            labels.parseKeyMetadata(label).ifPresent(broken::add);
        }
    }

    /**
     * Destroys key objects that no metadata names as a usable, retired version: leftovers of
     * interrupted creates, rotations and revocations. Keys whose metadata is broken are left alone.
     *
     * @return how many objects were destroyed
     */
    public int sweep() throws KeyStorageException {
        return sessions.call("sweeping key objects", s -> {
            int destroyed = 0;
            for (long objectClass : KeyObjects.CLASSES) {
                for (long handle : TokenObjects.find(s, new AttributeVector().class_(objectClass))) {
                    String label = TokenObjects.label(s, handle);
                    Optional<Labels.Versioned> ref = labels.parseKeyVersion(label);
                    if (ref.isEmpty() || broken.contains(ref.get().name()) || isNamed(ref.get())) {
                        continue;
                    }
                    s.destroyObject(handle);
                    destroyed++;
                    LOG.info("destroyed key object {}: no metadata names it as a live version", label);
                }
            }
            return destroyed;
        });
    }

    private boolean isNamed(Labels.Versioned ref) {
        Entry e = entries.get(ref.name());
        return e != null && ref.version() <= e.info().versions().size()
                && e.info().versions().get(ref.version() - 1).state() != KeyVersionState.REVOKED;
    }

    public KeyInfo create(String name, KeyAlgorithm algorithm, Set<KeyPurpose> purposes) throws KeyStorageException {
        KeyRules.checkName(name);
        if (purposes.isEmpty() || !KeyRules.allowed(algorithm).containsAll(purposes)) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, algorithm + " keys allow the purposes " + KeyRules.allowed(algorithm));
        }
        Lock lock = locks.write(lockName(name));
        lock.lock();
        try {
            if (entries.containsKey(name) || broken.contains(name)) {
                throw new KeyStorageException(Reason.INVALID_ARGUMENT, "key " + name + " already exists");
            }
            KeyInfo info = new KeyInfo(name, algorithm, purposes, List.of(new KeyVersion(1, KeyVersionState.ACTIVE, now())));
            Stored stored = sessions.call("creating key " + name, s -> addVersion(s, null, info, 1));
            entries.put(name, new Entry(info, stored));
            LOG.info("created key {} ({}, {}) in the token", name, algorithm, purposes);
            return info;
        } finally {
            lock.unlock();
        }
    }

    public Optional<KeyInfo> info(String name) throws KeyStorageException {
        if (!KeyRules.isValidName(name)) {
            return Optional.empty();
        }
        checkNotBroken(name);
        Entry e = entries.get(name);
        return e == null ? Optional.empty() : Optional.of(e.info());
    }

    /** Every readable key, sorted by name. */
    public List<KeyInfo> list() {
        List<KeyInfo> result = new ArrayList<>();
        entries.values().forEach(e -> result.add(e.info()));
        result.sort(Comparator.comparing(KeyInfo::name));
        return result;
    }

    public KeyInfo rotate(String name) throws KeyStorageException {
        Lock lock = locks.write(lockName(name));
        lock.lock();
        try {
            Entry current = require(name);
            KeyInfo info = current.info();
            List<KeyVersion> versions = new ArrayList<>();
            for (KeyVersion v : info.versions()) {
                versions.add(v.state() == KeyVersionState.ACTIVE ? new KeyVersion(v.version(), KeyVersionState.DECRYPT_ONLY, v.createdAt()) : v);
            }
            int next = info.latestVersion() + 1;
            versions.add(new KeyVersion(next, KeyVersionState.ACTIVE, now()));
            KeyInfo updated = new KeyInfo(name, info.algorithm(), info.purposes(), versions);
            Stored stored = sessions.call("rotating key " + name, s -> addVersion(s, current.stored(), updated, next));
            entries.put(name, new Entry(updated, stored));
            LOG.info("rotated key {} to version {}", name, next);
            return updated;
        } finally {
            lock.unlock();
        }
    }

    public KeyInfo setState(String name, int version, KeyVersionState state) throws KeyStorageException {
        if (state != KeyVersionState.RETIRED && state != KeyVersionState.REVOKED) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT,
                    "a version can only be retired or revoked; rotate the key for a new active version");
        }
        Lock lock = locks.write(lockName(name));
        lock.lock();
        try {
            Entry current = require(name);
            KeyInfo info = current.info();
            KeyVersion v = KeyRules.version(info, version);
            if (v.state() == state) {
                return info;
            }
            if (v.state() == KeyVersionState.REVOKED) {
                throw new KeyStorageException(Reason.KEY_UNUSABLE, "version " + version + " of key " + name + " is revoked; revocation is final");
            }
            List<KeyVersion> versions = new ArrayList<>(info.versions());
            versions.set(version - 1, new KeyVersion(version, state, v.createdAt()));
            KeyInfo updated = new KeyInfo(name, info.algorithm(), info.purposes(), versions);
            String label = labels.keyVersion(name, version);
            Stored stored = sessions.call("changing key " + name + " v" + version + " to " + state, s -> {
                Stored written = metadata.replace(s, current.stored(), labels.keyMetadata(name), KeyCodec.encode(updated));
                if (state == KeyVersionState.REVOKED) {
                    destroyAfterCommit(s, label);
                }
                return written;
            });
            objects.forget(label);
            entries.put(name, new Entry(updated, stored));
            LOG.info("key {} version {} is now {}", name, version, state);
            return updated;
        } finally {
            lock.unlock();
        }
    }

    public void delete(String name) throws KeyStorageException {
        Lock lock = locks.write(lockName(name));
        lock.lock();
        try {
            Entry current = require(name);
            if (KeyRules.hasUsableVersion(current.info())) {
                throw new KeyStorageException(Reason.NOT_PERMITTED,
                        "key " + name + " still has an ACTIVE or DECRYPT_ONLY version; retire or revoke it first");
            }
            sessions.call("deleting key " + name, s -> {
                for (KeyVersion v : current.info().versions()) {
                    KeyObjects.destroy(s, labels.keyVersion(name, v.version()));
                }
                metadata.remove(s, current.stored());
                return null;
            });
            for (KeyVersion v : current.info().versions()) {
                objects.forget(labels.keyVersion(name, v.version()));
            }
            entries.remove(name);
            LOG.info("deleted key {} and its {} versions", name, current.info().versions().size());
        } finally {
            lock.unlock();
        }
    }

    /** The cached entry of a key, or {@code NOT_FOUND} / {@code INTEGRITY}. Callers hold the name's lock. */
    Entry require(String name) throws KeyStorageException {
        if (!KeyRules.isValidName(name)) {
            throw new KeyStorageException(Reason.NOT_FOUND, "no key " + name);
        }
        checkNotBroken(name);
        Entry e = entries.get(name);
        if (e == null) {
            throw new KeyStorageException(Reason.NOT_FOUND, "no key " + name);
        }
        return e;
    }

    static String lockName(String name) {
        return "key|" + name;
    }

    private Stored addVersion(Session s, Stored previous, KeyInfo info, int version) throws PKCS11Exception {
        String label = labels.keyVersion(info.name(), version);
        byte[] id = new byte[16];
        random.nextBytes(id);
        KeyObjects.generate(s, label, info.algorithm(), info.purposes(), id);
        try {
            return metadata.replace(s, previous, labels.keyMetadata(info.name()), KeyCodec.encode(info));
        } catch (PKCS11Exception e) {
            destroyAfterCommit(s, label);
            throw e;
        }
    }

    private void destroyAfterCommit(Session s, String label) {
        try {
            KeyObjects.destroy(s, label);
        } catch (PKCS11Exception e) {
            LOG.warn("could not destroy the objects of {} ({}); the next start removes them", label, Pkcs11Errors.name(e.getErrorCode()));
        }
    }

    private void checkNotBroken(String name) throws KeyStorageException {
        if (broken.contains(name)) {
            throw new KeyStorageException(Reason.INTEGRITY, "metadata of key " + name + " in the token is unreadable");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
