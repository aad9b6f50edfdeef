package io.ccl.keys.pkcs11.secret;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_DATA;

import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.Secret;
import io.ccl.keys.api.SecretBytes;
import io.ccl.keys.api.SecretVersion;
import io.ccl.keys.api.SecretVersion.State;
import io.ccl.keys.pkcs11.layout.Labels;
import io.ccl.keys.pkcs11.layout.MetadataObjects;
import io.ccl.keys.pkcs11.layout.MetadataObjects.Stored;
import io.ccl.keys.pkcs11.layout.NameLocks;
import io.ccl.keys.pkcs11.secret.SecretCodec.Meta;
import io.ccl.keys.pkcs11.token.Pkcs11Errors;
import io.ccl.keys.pkcs11.token.TokenObjects;
import io.ccl.keys.pkcs11.token.TokenSessions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;

/**
 * Versioned secrets as private CKO_DATA token objects: one object per version,
 * {@code <ns>:secret:<repo/type/tag>:v<N>} holding {@code 0x01 || value}, and one metadata
 * object {@code <ns>:secretmeta:<repo/type/tag>} ({@link SecretCodec}) naming the versions and
 * their states. The token encrypts private objects at rest and shows them only after login.
 *
 * <p>Order of writes: a new version's object is created before the metadata naming it (the
 * commit point); destroying a version or the whole secret writes the metadata first and destroys
 * objects afterwards. Objects no metadata names as LIVE or DELETED are destroyed by
 * {@link #sweep} at start. Version numbers are never reused, even after {@link #delete}.
 */
public final class SecretCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(SecretCatalog.class);
    /** Largest secret accepted, in bytes. */
    public static final int MAX_SECRET_BYTES = 1 << 20;
    private static final byte VALUE_FORMAT = 0x01;

    private final TokenSessions sessions;
    private final Labels labels;
    private final MetadataObjects metadata;
    private final TokenObjects objects;
    private final NameLocks locks;
    private final Clock clock;
    private final ConcurrentHashMap<ResourcePath, Entry> entries = new ConcurrentHashMap<>();
    private final Set<ResourcePath> broken = ConcurrentHashMap.newKeySet();

    private record Entry(Meta meta, Stored stored) {
    }

    public SecretCatalog(TokenSessions sessions, Labels labels, MetadataObjects metadata, TokenObjects objects, NameLocks locks,
            Clock clock) {
        this.sessions = sessions;
        this.labels = labels;
        this.metadata = metadata;
        this.objects = objects;
        this.locks = locks;
        this.clock = clock;
    }

    /** Takes the secret metadata out of a scan of all metadata objects. */
    public void accept(MetadataObjects.Loaded loaded) {
        for (Map.Entry<String, Stored> e : loaded.current().entrySet()) {
            Optional<ResourcePath> path = labels.parseSecretMetadata(e.getKey());
            if (path.isEmpty()) {
                continue;
            }
            try {
                entries.put(path.get(), new Entry(SecretCodec.decode(path.get(), e.getValue().root()), e.getValue()));
            } catch (KeyStorageException ex) {
                broken.add(path.get());
                LOG.error("{}; the secret is unreadable until an operator repairs it", ex.getMessage());
            }
        }
        for (String label : loaded.broken()) {
            labels.parseSecretMetadata(label).ifPresent(broken::add);
        }
    }

    /** Destroys secret value objects that no metadata names as LIVE or DELETED; returns how many. */
    public int sweep() throws KeyStorageException {
        return sessions.call("sweeping secret objects", s -> {
            int destroyed = 0;
            for (long handle : TokenObjects.find(s, new AttributeVector().class_(CKO_DATA).application(labels.secretApplication()))) {
                String label = TokenObjects.label(s, handle);
                Optional<Labels.Versioned> ref = labels.parseSecretVersion(label);
                Optional<ResourcePath> path = ref.flatMap(v -> parsePath(v.name()));
                if (path.isEmpty() || broken.contains(path.get()) || isKept(path.get(), ref.get().version())) {
                    continue;
                }
                s.destroyObject(handle);
                destroyed++;
                LOG.info("destroyed secret object {}: no metadata names it", label);
            }
            return destroyed;
        });
    }

    private static Optional<ResourcePath> parsePath(String text) {
        try {
            return Optional.of(ResourcePath.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private boolean isKept(ResourcePath path, int version) {
        Entry e = entries.get(path);
        return e != null && find(e.meta(), version).map(v -> v.state() != State.DESTROYED).orElse(false);
    }

    public int put(ResourcePath path, SecretBytes value, OptionalInt cas) throws KeyStorageException {
        if (value.size() > MAX_SECRET_BYTES) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "secret larger than " + MAX_SECRET_BYTES + " bytes");
        }
        if (cas.isPresent() && cas.getAsInt() < 0) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "check-and-set version must be >= 0");
        }
        Lock lock = locks.write(lockName(path));
        lock.lock();
        byte[] stored = null;
        try {
            checkNotBroken(path);
            Entry current = entries.get(path);
            Meta meta = current == null ? new Meta(path, 0, List.of()) : current.meta();
            if (cas.isPresent() && cas.getAsInt() != meta.current()) {
                throw new KeyStorageException(Reason.CAS_MISMATCH,
                        "check-and-set expected version " + cas.getAsInt() + " of " + path + ", current is " + meta.current());
            }
            int version = meta.next();
            List<SecretVersion> versions = new ArrayList<>(meta.versions());
            versions.add(new SecretVersion(version, now(), State.LIVE));
            Meta updated = new Meta(path, meta.deletedThrough(), versions);
            stored = withFormat(value);
            byte[] content = stored;
            String label = labels.secretVersion(path, version);
            Stored written = sessions.call("writing secret " + path + " v" + version, s -> {
                TokenObjects.destroyLabelled(s, CKO_DATA, label);
                long handle = s.createObject(TokenObjects.dataObject(label, labels.secretApplication(), content));
                try {
                    return metadata.replace(s, current == null ? null : current.stored(), labels.secretMetadata(path),
                            SecretCodec.encode(updated));
                } catch (PKCS11Exception e) {
                    destroyQuietly(s, handle, label);
                    throw e;
                }
            });
            entries.put(path, new Entry(updated, written));
            return version;
        } finally {
            TokenObjects.zero(stored);
            lock.unlock();
        }
    }

    /** The newest version, when it is LIVE. */
    public Optional<Secret> get(ResourcePath path) throws KeyStorageException {
        Lock lock = locks.read(lockName(path));
        lock.lock();
        try {
            checkNotBroken(path);
            Entry e = entries.get(path);
            if (e == null || e.meta().versions().isEmpty()) {
                return Optional.empty();
            }
            SecretVersion newest = e.meta().versions().get(e.meta().versions().size() - 1);
            return newest.state() == State.LIVE ? Optional.of(read(path, newest)) : Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** One version, when it is LIVE. */
    public Optional<Secret> get(ResourcePath path, int version) throws KeyStorageException {
        Lock lock = locks.read(lockName(path));
        lock.lock();
        try {
            checkNotBroken(path);
            Entry e = entries.get(path);
            Optional<SecretVersion> v = e == null ? Optional.empty() : find(e.meta(), version);
            return v.isPresent() && v.get().state() == State.LIVE ? Optional.of(read(path, v.get())) : Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** Paths with a LIVE version, sorted. */
    public List<ResourcePath> list() {
        List<ResourcePath> result = new ArrayList<>();
        entries.forEach((path, e) -> {
            if (e.meta().versions().stream().anyMatch(v -> v.state() == State.LIVE)) {
                result.add(path);
            }
        });
        result.sort(Comparator.comparing(ResourcePath::toString));
        return result;
    }

    /** All versions above the tombstone, oldest first. */
    public List<SecretVersion> versions(ResourcePath path) throws KeyStorageException {
        checkNotBroken(path);
        Entry e = entries.get(path);
        return e == null ? List.of() : e.meta().versions();
    }

    /** Writes a tombstone over every version, then destroys their objects. */
    public boolean delete(ResourcePath path) throws KeyStorageException {
        Lock lock = locks.write(lockName(path));
        lock.lock();
        try {
            checkNotBroken(path);
            Entry current = entries.get(path);
            if (current == null || current.meta().versions().isEmpty()) {
                return false;
            }
            Meta tombstone = new Meta(path, current.meta().current(), List.of());
            Stored written = sessions.call("deleting secret " + path, s -> {
                Stored w = metadata.replace(s, current.stored(), labels.secretMetadata(path), SecretCodec.encode(tombstone));
                for (SecretVersion v : current.meta().versions()) {
                    if (v.state() != State.DESTROYED) {
                        destroyAfterCommit(s, labels.secretVersion(path, v.version()));
                    }
                }
                return w;
            });
            current.meta().versions().forEach(v -> objects.forget(labels.secretVersion(path, v.version())));
            entries.put(path, new Entry(tombstone, written));
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Soft delete: the version stays in the token but is no longer readable. */
    public boolean deleteVersion(ResourcePath path, int version) throws KeyStorageException {
        return changeState(path, version, State.DELETED, v -> v.state() == State.LIVE);
    }

    /** Destroys one version's object after recording it as DESTROYED. */
    public boolean destroyVersion(ResourcePath path, int version) throws KeyStorageException {
        return changeState(path, version, State.DESTROYED, v -> v.state() != State.DESTROYED);
    }

    private boolean changeState(ResourcePath path, int version, State state, Predicate<SecretVersion> applies)
            throws KeyStorageException {
        Lock lock = locks.write(lockName(path));
        lock.lock();
        try {
            checkNotBroken(path);
            Entry current = entries.get(path);
            Optional<SecretVersion> v = current == null ? Optional.empty() : find(current.meta(), version);
            if (v.isEmpty() || !applies.test(v.get())) {
                return false;
            }
            UnaryOperator<SecretVersion> change = x -> x.version() == version ? new SecretVersion(version, x.createdAt(), state) : x;
            Meta updated = new Meta(path, current.meta().deletedThrough(), current.meta().versions().stream().map(change).toList());
            String label = labels.secretVersion(path, version);
            Stored written = sessions.call("marking secret " + path + " v" + version + " " + state, s -> {
                Stored w = metadata.replace(s, current.stored(), labels.secretMetadata(path), SecretCodec.encode(updated));
                if (state == State.DESTROYED) {
                    destroyAfterCommit(s, label);
                }
                return w;
            });
            if (state == State.DESTROYED) {
                objects.forget(label);
            }
            entries.put(path, new Entry(updated, written));
            return true;
        } finally {
            lock.unlock();
        }
    }

    private Secret read(ResourcePath path, SecretVersion version) throws KeyStorageException {
        String label = labels.secretVersion(path, version.version());
        byte[] content = sessions.call("reading secret " + path + " v" + version.version(),
                s -> objects.withObject(s, CKO_DATA, label, h -> TokenObjects.value(s, h)));
        try {
            if (content == null || content.length < 1 || content[0] != VALUE_FORMAT) {
                throw new KeyStorageException(Reason.INTEGRITY, "value object of secret " + path + " v" + version.version() + " is malformed");
            }
            byte[] value = Arrays.copyOfRange(content, 1, content.length);
            try {
                return new Secret(path, version.version(), SecretBytes.copyOf(value, InsecureSecretAccess.get()), version.createdAt());
            } finally {
                TokenObjects.zero(value);
            }
        } finally {
            TokenObjects.zero(content);
        }
    }

    private static Optional<SecretVersion> find(Meta meta, int version) {
        return meta.versions().stream().filter(v -> v.version() == version).findFirst();
    }

    private static byte[] withFormat(SecretBytes value) throws KeyStorageException {
        byte[] bytes;
        try {
            bytes = value.reveal(InsecureSecretAccess.get());
        } catch (IllegalStateException e) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "secret value was destroyed");
        }
        byte[] content = new byte[bytes.length + 1];
        content[0] = VALUE_FORMAT;
        System.arraycopy(bytes, 0, content, 1, bytes.length);
        TokenObjects.zero(bytes);
        return content;
    }

    private void destroyAfterCommit(Session s, String label) {
        try {
            TokenObjects.destroyLabelled(s, CKO_DATA, label);
        } catch (PKCS11Exception e) {
            LOG.warn("could not destroy {} ({}); the next start removes it", label, Pkcs11Errors.name(e.getErrorCode()));
        }
    }

    private static void destroyQuietly(Session s, long handle, String label) {
        try {
            s.destroyObject(handle);
        } catch (PKCS11Exception e) {
            LOG.warn("could not destroy {} after a failed write ({}); the next start removes it", label, Pkcs11Errors.name(e.getErrorCode()));
        }
    }

    private void checkNotBroken(ResourcePath path) throws KeyStorageException {
        if (broken.contains(path)) {
            throw new KeyStorageException(Reason.INTEGRITY, "metadata of secret " + path + " in the token is unreadable");
        }
    }

    private static String lockName(ResourcePath path) {
        return "secret|" + path;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
