package io.ccl.keys.local.secret;

import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.Secret;
import io.ccl.keys.api.SecretBytes;
import io.ccl.keys.api.SecretVersion;
import io.ccl.keys.local.disk.DurableFiles;
import io.ccl.keys.local.disk.NameLocks;
import io.ccl.keys.local.disk.SealedFile;
import io.ccl.keys.local.disk.SealedFile.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.Lock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned secrets as sealed files, {@code secrets/<repo>/<type>/<tag>/<version>.sec}, plus a
 * sealed {@code <version>.state} per soft-deleted or destroyed version ({@link VersionMark}) and a
 * sealed tombstone {@code deleted.sec} recording the highest version removed by
 * {@link #delete(ResourcePath)}.
 *
 * <p>A secret version file holds {@code created-at (8 bytes, epoch milliseconds, big-endian) ||
 * secret bytes}; a tombstone holds {@code deleted-through version (4 bytes) || deleted-at (8
 * bytes)}. Versions at or below the tombstone are invisible even if their files reappear, and
 * version numbers are never reused: a write after a delete continues the numbering. Every version
 * file is written once and never rewritten, so a new version becomes visible only by the atomic
 * rename of a complete, fsync'd file. Each state change (soft delete, destroy, delete) is one
 * atomic, durable file write, its commit point; erasing material comes after it, and material
 * left behind by a crash at that moment is erased at the next start ({@link #recover()}).
 */
public final class SecretFiles {
    private static final Logger LOG = LoggerFactory.getLogger(SecretFiles.class);
    private static final Pattern VERSION_FILE = Pattern.compile("([1-9][0-9]{0,8})\\.sec");
    private static final Pattern STATE_FILE = Pattern.compile("([1-9][0-9]{0,8})\\.state");
    private static final String TOMBSTONE = "deleted.sec";
    /** Largest secret accepted, in bytes. */
    public static final int MAX_SECRET_BYTES = 1 << 20;
    private static final int MAX_FILE_BYTES = MAX_SECRET_BYTES + 8 + SealedFile.OVERHEAD;

    private final Path root;
    private final SealedFile sealer;
    private final NameLocks locks;
    private final Clock clock;

    public SecretFiles(Path root, SealedFile sealer, NameLocks locks, Clock clock) {
        this.root = root;
        this.sealer = sealer;
        this.locks = locks;
        this.clock = clock;
    }

    /** Writes a new version; see {@code KeyStorage.putSecret} for {@code cas}. */
    public int put(ResourcePath path, SecretBytes value, OptionalInt cas) throws KeyStorageException {
        if (value.size() > MAX_SECRET_BYTES) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "secret larger than " + MAX_SECRET_BYTES + " bytes");
        }
        if (cas.isPresent() && cas.getAsInt() < 0) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "check-and-set version must be >= 0");
        }
        Lock lock = locks.write(lockName(path));
        lock.lock();
        try {
            Path dir = dir(path);
            Versions versions = versions(path, dir);
            // As KV v2: the current version is the newest number, deleted or not; 0 when none.
            if (cas.isPresent() && cas.getAsInt() != versions.current()) {
                throw new KeyStorageException(Reason.CAS_MISMATCH,
                        "check-and-set expected version " + cas.getAsInt() + " of " + path + ", current is " + versions.current());
            }
            int version = versions.next();
            byte[] secret = reveal(value);
            byte[] payload = new byte[8 + secret.length];
            try {
                ByteBuffer.wrap(payload).putLong(clock.millis()).put(secret);
                byte[] sealed = sealer.seal(Kind.SECRET_VERSION, identity(path, version), payload);
                DurableFiles.createDirectories(dir);
                DurableFiles.write(dir.resolve(version + ".sec"), sealed);
            } finally {
                Arrays.fill(secret, (byte) 0);
                Arrays.fill(payload, (byte) 0);
            }
            return version;
        } catch (IOException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "cannot write secret " + path, e);
        } finally {
            lock.unlock();
        }
    }

    /** The newest version, if it is live. */
    public Optional<Secret> get(ResourcePath path) throws KeyStorageException {
        Lock lock = locks.read(lockName(path));
        lock.lock();
        try {
            Path dir = dir(path);
            Versions versions = versions(path, dir);
            int current = versions.current();
            return versions.isLive(current) ? Optional.of(read(path, dir, current)) : Optional.empty();
        } catch (IOException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "cannot read secret " + path, e);
        } finally {
            lock.unlock();
        }
    }

    /** One live version. */
    public Optional<Secret> get(ResourcePath path, int version) throws KeyStorageException {
        if (version < 1) {
            return Optional.empty();
        }
        Lock lock = locks.read(lockName(path));
        lock.lock();
        try {
            Path dir = dir(path);
            return versions(path, dir).isLive(version) ? Optional.of(read(path, dir, version)) : Optional.empty();
        } catch (IOException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "cannot read secret " + path, e);
        } finally {
            lock.unlock();
        }
    }

    /** Every version above the tombstone, oldest first, with its state and creation time. */
    public List<SecretVersion> versions(ResourcePath path) throws KeyStorageException {
        Lock lock = locks.read(lockName(path));
        lock.lock();
        try {
            Path dir = dir(path);
            List<SecretVersion> result = new ArrayList<>();
            for (Map.Entry<Integer, Entry> e : versions(path, dir).entries().entrySet()) {
                VersionMark mark = e.getValue().mark();
                result.add(mark == null
                        ? new SecretVersion(e.getKey(), createdAt(path, dir, e.getKey()), SecretVersion.State.LIVE)
                        : new SecretVersion(e.getKey(), mark.createdAt(), mark.state()));
            }
            return result;
        } catch (IOException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "cannot read versions of secret " + path, e);
        } finally {
            lock.unlock();
        }
    }

    /** Every secret with a live version, sorted by path. */
    public List<ResourcePath> list() throws KeyStorageException {
        List<ResourcePath> live = new ArrayList<>();
        for (ResourcePath path : candidates()) {
            Lock lock = locks.read(lockName(path));
            lock.lock();
            try {
                if (versions(path, dir(path)).anyLive()) {
                    live.add(path);
                }
            } catch (IOException e) {
                throw new KeyStorageException(Reason.UNAVAILABLE, "cannot list secret " + path, e);
            } finally {
                lock.unlock();
            }
        }
        live.sort(Comparator.comparing(ResourcePath::toString));
        return live;
    }

    /** Hides every version behind a tombstone, then erases their files. */
    public boolean delete(ResourcePath path) throws KeyStorageException {
        Lock lock = locks.write(lockName(path));
        lock.lock();
        try {
            Path dir = dir(path);
            Versions versions = versions(path, dir);
            if (versions.entries().isEmpty()) {
                return false;
            }
            int through = versions.current();
            byte[] payload = ByteBuffer.allocate(12).putInt(through).putLong(clock.millis()).array();
            DurableFiles.write(dir.resolve(TOMBSTONE), sealer.seal(Kind.SECRET_TOMBSTONE, tombstoneIdentity(path), payload));
            // The tombstone is durable: from here on the old versions are invisible whether or not
            // their files can be removed.
            for (int version : versions.entries().keySet()) {
                DurableFiles.erase(dir.resolve(version + ".sec"));
                Files.deleteIfExists(dir.resolve(version + ".state"));
            }
            DurableFiles.syncDirectory(dir);
            return true;
        } catch (IOException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "cannot delete secret " + path, e);
        } finally {
            lock.unlock();
        }
    }

    /** Soft-deletes a live version by recording its state; the material stays. */
    public boolean deleteVersion(ResourcePath path, int version) throws KeyStorageException {
        Lock lock = locks.write(lockName(path));
        lock.lock();
        try {
            Path dir = dir(path);
            if (!versions(path, dir).isLive(version)) {
                return false;
            }
            writeMark(path, dir, version, new VersionMark(SecretVersion.State.DELETED, createdAtOrFileTime(path, dir, version),
                    Instant.ofEpochMilli(clock.millis())));
            return true;
        } catch (IOException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "cannot delete version " + version + " of secret " + path, e);
        } finally {
            lock.unlock();
        }
    }

    /** Destroys a live or soft-deleted version: records the state, then erases the material. */
    public boolean destroyVersion(ResourcePath path, int version) throws KeyStorageException {
        Lock lock = locks.write(lockName(path));
        lock.lock();
        try {
            Path dir = dir(path);
            Entry entry = versions(path, dir).entries().get(version);
            if (entry == null) {
                return false;
            }
            if (entry.mark() != null && entry.mark().state() == SecretVersion.State.DESTROYED) {
                DurableFiles.erase(dir.resolve(version + ".sec"));
                return false;
            }
            Instant createdAt = entry.mark() != null ? entry.mark().createdAt() : createdAtOrFileTime(path, dir, version);
            writeMark(path, dir, version, new VersionMark(SecretVersion.State.DESTROYED, createdAt, Instant.ofEpochMilli(clock.millis())));
            // The DESTROYED state is durable; a crash before the erase is finished by recover().
            DurableFiles.erase(dir.resolve(version + ".sec"));
            return true;
        } catch (IOException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "cannot destroy version " + version + " of secret " + path, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Erases the material of destroyed versions whose erase a crash interrupted; called at open.
     * Returns how many files were erased. A damaged state file is logged and skipped, so that one
     * bad secret never keeps the store from opening.
     */
    public int recover() throws KeyStorageException {
        int erased = 0;
        for (ResourcePath path : candidates()) {
            Path dir = dir(path);
            try {
                for (Map.Entry<Integer, Entry> e : versions(path, dir).entries().entrySet()) {
                    VersionMark mark = e.getValue().mark();
                    if (e.getValue().hasFile() && mark != null && mark.state() == SecretVersion.State.DESTROYED
                            && DurableFiles.erase(dir.resolve(e.getKey() + ".sec"))) {
                        erased++;
                    }
                }
            } catch (KeyStorageException e) {
                LOG.warn("secret {} could not be checked for interrupted destroys: {}", path, e.reason());
            } catch (IOException e) {
                throw new KeyStorageException(Reason.UNAVAILABLE, "cannot recover secret " + path, e);
            }
        }
        return erased;
    }

    private Secret read(ResourcePath path, Path dir, int version) throws IOException, KeyStorageException {
        byte[] payload = openVersion(path, dir, version);
        try {
            Instant createdAt = Instant.ofEpochMilli(ByteBuffer.wrap(payload).getLong());
            byte[] secret = Arrays.copyOfRange(payload, 8, payload.length);
            try {
                return new Secret(path, version, SecretBytes.copyOf(secret, InsecureSecretAccess.get()), createdAt);
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
    }

    private Instant createdAt(ResourcePath path, Path dir, int version) throws IOException, KeyStorageException {
        byte[] payload = openVersion(path, dir, version);
        try {
            return Instant.ofEpochMilli(ByteBuffer.wrap(payload).getLong());
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
    }

    /** A damaged version can still be deleted or destroyed: its creation time then comes from the file system. */
    private Instant createdAtOrFileTime(ResourcePath path, Path dir, int version) throws IOException {
        try {
            return createdAt(path, dir, version);
        } catch (KeyStorageException e) {
            LOG.warn("version {} of secret {} is unreadable ({}); using the file time as its creation time", version, path, e.reason());
            return Files.getLastModifiedTime(dir.resolve(version + ".sec")).toInstant();
        }
    }

    /** The opened payload of a version file (created-at, then the secret); the caller zeroes it. */
    private byte[] openVersion(ResourcePath path, Path dir, int version) throws IOException, KeyStorageException {
        byte[] file = DurableFiles.read(dir.resolve(version + ".sec"), MAX_FILE_BYTES)
                .orElseThrow(() -> new KeyStorageException(Reason.INTEGRITY, "version file of " + path + " vanished"));
        byte[] payload = sealer.open(Kind.SECRET_VERSION, identity(path, version), file);
        if (payload.length < 8) {
            Arrays.fill(payload, (byte) 0);
            throw new KeyStorageException(Reason.INTEGRITY, "secret version of " + path + " has no header");
        }
        return payload;
    }

    private void writeMark(ResourcePath path, Path dir, int version, VersionMark mark) throws IOException, KeyStorageException {
        DurableFiles.write(dir.resolve(version + ".state"), sealer.seal(Kind.SECRET_VERSION_STATE, stateIdentity(path, version), mark.encode()));
    }

    private Versions versions(ResourcePath path, Path dir) throws IOException, KeyStorageException {
        TreeSet<Integer> files = new TreeSet<>();
        TreeSet<Integer> marks = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return new Versions(new TreeMap<>(), 0);
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                Matcher version = VERSION_FILE.matcher(name);
                Matcher state = STATE_FILE.matcher(name);
                if (version.matches()) {
                    files.add(Integer.parseInt(version.group(1)));
                } else if (state.matches()) {
                    marks.add(Integer.parseInt(state.group(1)));
                }
            }
        }
        int deletedThrough = 0;
        Optional<byte[]> tombstone = DurableFiles.read(dir.resolve(TOMBSTONE), 64);
        if (tombstone.isPresent()) {
            byte[] payload = sealer.open(Kind.SECRET_TOMBSTONE, tombstoneIdentity(path), tombstone.get());
            if (payload.length != 12) {
                throw new KeyStorageException(Reason.INTEGRITY, "tombstone of " + path + " is malformed");
            }
            deletedThrough = ByteBuffer.wrap(payload).getInt();
        }
        TreeMap<Integer, Entry> result = new TreeMap<>();
        for (int version : files.tailSet(deletedThrough, false)) {
            result.put(version, new Entry(true, null));
        }
        for (int version : marks.tailSet(deletedThrough, false)) {
            byte[] file = DurableFiles.read(dir.resolve(version + ".state"), 64)
                    .orElseThrow(() -> new KeyStorageException(Reason.INTEGRITY, "state file of " + path + " vanished"));
            VersionMark mark = VersionMark.decode(path + " v" + version,
                    sealer.open(Kind.SECRET_VERSION_STATE, stateIdentity(path, version), file));
            result.put(version, new Entry(files.contains(version), mark));
        }
        return new Versions(result, deletedThrough);
    }

    /** One version: whether its material file exists and its mark (null = live). */
    private record Entry(boolean hasFile, VersionMark mark) {
    }

    /** The versions above the tombstone, by number, and the tombstone's version. */
    private record Versions(TreeMap<Integer, Entry> entries, int deletedThrough) {
        int current() {
            return entries.isEmpty() ? 0 : entries.lastKey();
        }

        int next() {
            return Math.max(current(), deletedThrough) + 1;
        }

        boolean isLive(int version) {
            Entry entry = entries.get(version);
            return entry != null && entry.hasFile() && entry.mark() == null;
        }

        boolean anyLive() {
            return entries.values().stream().anyMatch(e -> e.hasFile() && e.mark() == null);
        }
    }

    private List<ResourcePath> candidates() throws KeyStorageException {
        List<ResourcePath> candidates = new ArrayList<>();
        try {
            for (Path repo : subdirectories(root)) {
                for (Path type : subdirectories(repo)) {
                    for (Path tag : subdirectories(type)) {
                        parse(repo, type, tag).ifPresent(candidates::add);
                    }
                }
            }
        } catch (IOException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "cannot list secrets", e);
        }
        return candidates;
    }

    private Optional<ResourcePath> parse(Path repo, Path type, Path tag) {
        try {
            return Optional.of(new ResourcePath(repo.getFileName().toString(), type.getFileName().toString(),
                    tag.getFileName().toString()));
        } catch (IllegalArgumentException e) {
            LOG.debug("ignoring directory that is not a resource name: {}", tag);
            return Optional.empty();
        }
    }

    private static List<Path> subdirectories(Path dir) throws IOException {
        List<Path> result = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return result;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
            entries.forEach(result::add);
        }
        return result;
    }

    private Path dir(ResourcePath path) {
        // ResourcePath parts are [A-Za-z0-9._-], never "." or "..": they cannot leave the root.
        return root.resolve(path.repo()).resolve(path.type()).resolve(path.tag());
    }

    private static byte[] reveal(SecretBytes value) throws KeyStorageException {
        try {
            return value.reveal(InsecureSecretAccess.get());
        } catch (IllegalStateException e) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "secret value was destroyed");
        }
    }

    private static String lockName(ResourcePath path) {
        return "secret|" + path;
    }

    private static String identity(ResourcePath path, int version) {
        return "secret|" + path + "|v" + version;
    }

    private static String stateIdentity(ResourcePath path, int version) {
        return "secretstate|" + path + "|v" + version;
    }

    private static String tombstoneIdentity(ResourcePath path) {
        return "tombstone|" + path;
    }
}
