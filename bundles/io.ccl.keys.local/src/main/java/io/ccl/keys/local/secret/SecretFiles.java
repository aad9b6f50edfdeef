package io.ccl.keys.local.secret;

import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.Secret;
import io.ccl.keys.api.SecretBytes;
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
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.concurrent.locks.Lock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned secrets as sealed files, {@code secrets/<repo>/<type>/<tag>/<version>.sec}, plus a
 * sealed tombstone {@code deleted.sec} recording the highest deleted version.
 *
 * <p>A secret version file holds {@code created-at (8 bytes, epoch milliseconds, big-endian) ||
 * secret bytes}; a tombstone holds {@code deleted-through version (4 bytes) || deleted-at (8
 * bytes)}. Versions at or below the tombstone are invisible even if their files reappear, and
 * version numbers are never reused: a write after a delete continues the numbering. Every version
 * file is written once and never rewritten, so a new version becomes visible only by the atomic
 * rename of a complete, fsync'd file.
 */
public final class SecretFiles {
    private static final Logger LOG = LoggerFactory.getLogger(SecretFiles.class);
    private static final Pattern VERSION_FILE = Pattern.compile("([1-9][0-9]{0,8})\\.sec");
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

    /** The newest live version. */
    public Optional<Secret> get(ResourcePath path) throws KeyStorageException {
        Lock lock = locks.read(lockName(path));
        lock.lock();
        try {
            Path dir = dir(path);
            int current = versions(path, dir).current();
            return current == 0 ? Optional.empty() : Optional.of(read(path, dir, current));
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
            Versions versions = versions(path, dir);
            if (version <= versions.deletedThrough() || !versions.files().contains(version)) {
                return Optional.empty();
            }
            return Optional.of(read(path, dir, version));
        } catch (IOException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "cannot read secret " + path, e);
        } finally {
            lock.unlock();
        }
    }

    /** Every secret with a live version, sorted by path. */
    public List<ResourcePath> list() throws KeyStorageException {
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
        List<ResourcePath> live = new ArrayList<>();
        for (ResourcePath path : candidates) {
            Lock lock = locks.read(lockName(path));
            lock.lock();
            try {
                if (versions(path, dir(path)).current() > 0) {
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

    /** Hides every version behind a tombstone, then removes their files. */
    public boolean delete(ResourcePath path) throws KeyStorageException {
        Lock lock = locks.write(lockName(path));
        lock.lock();
        try {
            Path dir = dir(path);
            Versions versions = versions(path, dir);
            if (versions.current() == 0) {
                return false;
            }
            int through = versions.files().last();
            byte[] payload = ByteBuffer.allocate(12).putInt(through).putLong(clock.millis()).array();
            DurableFiles.write(dir.resolve(TOMBSTONE), sealer.seal(Kind.SECRET_TOMBSTONE, tombstoneIdentity(path), payload));
            // The tombstone is durable: from here on the old versions are invisible whether or not
            // their files can be removed.
            for (int version : versions.files()) {
                Files.deleteIfExists(dir.resolve(version + ".sec"));
            }
            DurableFiles.syncDirectory(dir);
            return true;
        } catch (IOException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "cannot delete secret " + path, e);
        } finally {
            lock.unlock();
        }
    }

    private Secret read(ResourcePath path, Path dir, int version) throws IOException, KeyStorageException {
        byte[] file = DurableFiles.read(dir.resolve(version + ".sec"), MAX_FILE_BYTES)
                .orElseThrow(() -> new KeyStorageException(Reason.INTEGRITY, "version file of " + path + " vanished"));
        byte[] payload = sealer.open(Kind.SECRET_VERSION, identity(path, version), file);
        try {
            if (payload.length < 8) {
                throw new KeyStorageException(Reason.INTEGRITY, "secret version of " + path + " has no header");
            }
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

    private Versions versions(ResourcePath path, Path dir) throws IOException, KeyStorageException {
        TreeSet<Integer> files = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return new Versions(files, 0);
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                Matcher m = VERSION_FILE.matcher(entry.getFileName().toString());
                if (m.matches()) {
                    files.add(Integer.parseInt(m.group(1)));
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
        files.headSet(deletedThrough, true).clear();
        return new Versions(files, deletedThrough);
    }

    /** Live version files (above the tombstone) and the tombstone's version. */
    private record Versions(TreeSet<Integer> files, int deletedThrough) {
        int current() {
            return files.isEmpty() ? 0 : files.last();
        }

        int next() {
            return Math.max(current(), deletedThrough) + 1;
        }
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

    private static String tombstoneIdentity(ResourcePath path) {
        return "tombstone|" + path;
    }
}
