package io.ccl.keys.local.key;

import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.KeyVersion;
import io.ccl.keys.api.KeyVersionState;
import io.ccl.keys.local.disk.DurableFiles;
import io.ccl.keys.local.disk.NameLocks;
import io.ccl.keys.local.disk.SealedFile;
import io.ccl.keys.local.disk.SealedFile.Kind;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named, versioned keys: {@code keys/<name>/meta.sec} (sealed {@link KeyInfoCodec metadata}) and
 * {@code keys/<name>/<version>.key} (sealed {@link KeyMaterial}). A new version's material is
 * written before the metadata that names it, so the metadata file is the commit point of create
 * and rotate; material nobody names (a crash in between) is ignored and overwritten later.
 * Revoking a version erases its material file after the metadata records the revocation; deleting
 * a key renames its directory away atomically, then erases it.
 *
 * <p>Metadata and unsealed material are cached while the store is open; this process holds the
 * data-directory lock, so nobody else changes the files underneath.
 */
public final class KeyRing implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final String META = "meta.sec";
    /** Prefix of a deleted key's directory until it is erased; '~' is never part of a key name. */
    private static final String DELETED_PREFIX = "~deleted-";
    private static final int MAX_FILE_BYTES = 1 << 20;
    private static final Set<KeyPurpose> AES_PURPOSES =
            EnumSet.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT, KeyPurpose.WRAP, KeyPurpose.UNWRAP);
    private static final Set<KeyPurpose> EC_PURPOSES = EnumSet.of(KeyPurpose.SIGN, KeyPurpose.VERIFY);

    private final Path root;
    private final SealedFile sealer;
    private final NameLocks locks;
    private final Clock clock;
    private final SecureRandom random;
    private final ConcurrentHashMap<String, KeyInfo> infos = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, KeyMaterial> materials = new ConcurrentHashMap<>();

    public KeyRing(Path root, SealedFile sealer, NameLocks locks, Clock clock, SecureRandom random) {
        this.root = root;
        this.sealer = sealer;
        this.locks = locks;
        this.clock = clock;
        this.random = random;
    }

    public KeyInfo create(String name, KeyAlgorithm algorithm, Set<KeyPurpose> purposes) throws KeyStorageException {
        checkName(name);
        Set<KeyPurpose> allowed = algorithm == KeyAlgorithm.AES_256_GCM ? AES_PURPOSES : EC_PURPOSES;
        if (purposes.isEmpty() || !allowed.containsAll(purposes)) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, algorithm + " keys allow the purposes " + allowed);
        }
        Lock lock = locks.write(lockName(name));
        lock.lock();
        try {
            if (load(name).isPresent()) {
                throw new KeyStorageException(Reason.INVALID_ARGUMENT, "key " + name + " already exists");
            }
            KeyInfo info = new KeyInfo(name, algorithm, purposes, List.of(new KeyVersion(1, KeyVersionState.ACTIVE, now())));
            return addVersion(info, 1);
        } finally {
            lock.unlock();
        }
    }

    public Optional<KeyInfo> info(String name) throws KeyStorageException {
        if (!isValidName(name)) {
            return Optional.empty();
        }
        Lock lock = locks.read(lockName(name));
        lock.lock();
        try {
            return load(name);
        } finally {
            lock.unlock();
        }
    }

    /** The key's metadata or {@code NOT_FOUND}. */
    public KeyInfo require(String name) throws KeyStorageException {
        return info(name).orElseThrow(() -> new KeyStorageException(Reason.NOT_FOUND, "no key " + name));
    }

    public List<KeyInfo> list() throws KeyStorageException {
        List<KeyInfo> result = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return result;
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            dirs.forEach(d -> names.add(d.getFileName().toString()));
        } catch (IOException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "cannot list keys", e);
        }
        names.sort(null);
        for (String name : names) {
            info(name).ifPresent(result::add);
        }
        return result;
    }

    public KeyInfo rotate(String name) throws KeyStorageException {
        Lock lock = locks.write(lockName(name));
        lock.lock();
        try {
            KeyInfo info = require(name);
            List<KeyVersion> versions = new ArrayList<>();
            for (KeyVersion v : info.versions()) {
                versions.add(v.state() == KeyVersionState.ACTIVE ? new KeyVersion(v.version(), KeyVersionState.DECRYPT_ONLY, v.createdAt()) : v);
            }
            int next = info.latestVersion() + 1;
            versions.add(new KeyVersion(next, KeyVersionState.ACTIVE, now()));
            return addVersion(new KeyInfo(name, info.algorithm(), info.purposes(), versions), next);
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
            KeyInfo info = require(name);
            KeyVersion current = version(info, version);
            if (current.state() == state) {
                return info;
            }
            if (current.state() == KeyVersionState.REVOKED) {
                throw new KeyStorageException(Reason.KEY_UNUSABLE, "version " + version + " of key " + name + " is revoked; revocation is final");
            }
            List<KeyVersion> versions = new ArrayList<>(info.versions());
            versions.set(version - 1, new KeyVersion(version, state, current.createdAt()));
            KeyInfo updated = new KeyInfo(name, info.algorithm(), info.purposes(), versions);
            writeMeta(updated);
            infos.put(name, updated);
            KeyMaterial cached = materials.remove(materialId(name, version));
            if (cached != null) {
                cached.destroy();
            }
            if (state == KeyVersionState.REVOKED) {
                destroyMaterialFile(name, version);
            }
            return updated;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes a key whose versions are all RETIRED or REVOKED. The key directory is first renamed
     * to {@value #DELETED_PREFIX}{@code <random>} (one atomic, durable rename: the commit point),
     * then its files are erased; a crash in between is finished by {@link #recover()}.
     */
    public void delete(String name) throws KeyStorageException {
        Lock lock = locks.write(lockName(name));
        lock.lock();
        try {
            KeyInfo info = require(name);
            for (KeyVersion v : info.versions()) {
                if (v.state() == KeyVersionState.ACTIVE || v.state() == KeyVersionState.DECRYPT_ONLY) {
                    throw new KeyStorageException(Reason.NOT_PERMITTED, "version " + v.version() + " of key " + name + " is "
                            + v.state() + "; retire or revoke every version before deleting the key");
                }
            }
            byte[] suffix = new byte[8];
            random.nextBytes(suffix);
            Path doomed = root.resolve(DELETED_PREFIX + HexFormat.of().formatHex(suffix));
            try {
                Files.move(root.resolve(name), doomed, StandardCopyOption.ATOMIC_MOVE);
                DurableFiles.syncDirectory(root);
            } catch (IOException e) {
                throw new KeyStorageException(Reason.UNAVAILABLE, "cannot delete key " + name, e);
            }
            infos.remove(name);
            for (KeyVersion v : info.versions()) {
                KeyMaterial cached = materials.remove(materialId(name, v.version()));
                if (cached != null) {
                    cached.destroy();
                }
            }
            eraseDeleted(doomed);
        } finally {
            lock.unlock();
        }
    }

    /** Finishes deletions a crash interrupted; called at open. Returns how many were finished. */
    public int recover() throws KeyStorageException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        List<Path> doomed = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, DELETED_PREFIX + "*")) {
            dirs.forEach(doomed::add);
        } catch (IOException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "cannot list keys", e);
        }
        doomed.forEach(this::eraseDeleted);
        return doomed.size();
    }

    private void eraseDeleted(Path doomed) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(doomed)) {
            for (Path file : files) {
                DurableFiles.erase(file);
            }
            Files.deleteIfExists(doomed);
            DurableFiles.syncDirectory(root);
        } catch (IOException e) {
            // The key is gone from the store's view already; the next start retries the erase.
            LOG.warn("deleted key directory {} could not be erased yet: {}", doomed.getFileName(), e.getClass().getSimpleName());
        }
    }

    /** A version of {@code info} or {@code NOT_FOUND}. */
    static KeyVersion version(KeyInfo info, int version) throws KeyStorageException {
        if (version < 1 || version > info.versions().size()) {
            throw new KeyStorageException(Reason.NOT_FOUND, "key " + info.name() + " has no version " + version);
        }
        return info.versions().get(version - 1);
    }

    /** The unsealed material of a version named by {@code info}; callers check its state first. */
    KeyMaterial material(KeyInfo info, int version) throws KeyStorageException {
        String id = materialId(info.name(), version);
        KeyMaterial cached = materials.get(id);
        if (cached != null) {
            return cached;
        }
        byte[] file;
        try {
            file = DurableFiles.read(keyFile(info.name(), version), MAX_FILE_BYTES).orElseThrow(() -> new KeyStorageException(
                    Reason.INTEGRITY, "material of version " + version + " of key " + info.name() + " is missing"));
        } catch (IOException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "cannot read key " + info.name(), e);
        }
        byte[] payload = sealer.open(Kind.KEY_VERSION, materialIdentity(info.name(), version, info.algorithm()), file);
        try {
            KeyMaterial loaded = KeyMaterial.decode(info.algorithm(), payload);
            KeyMaterial raced = materials.putIfAbsent(id, loaded);
            if (raced != null) {
                loaded.destroy();
                return raced;
            }
            return loaded;
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
    }

    /** Forgets cached metadata and zeroes cached key material. */
    @Override
    public void close() {
        materials.values().forEach(KeyMaterial::destroy);
        materials.clear();
        infos.clear();
    }

    static String lockName(String name) {
        return "key|" + name;
    }

    private KeyInfo addVersion(KeyInfo info, int version) throws KeyStorageException {
        KeyMaterial material = KeyMaterial.generate(info.algorithm(), random);
        byte[] payload = material.encode();
        try {
            Path dir = root.resolve(info.name());
            DurableFiles.createDirectories(dir);
            DurableFiles.write(keyFile(info.name(), version),
                    sealer.seal(Kind.KEY_VERSION, materialIdentity(info.name(), version, info.algorithm()), payload));
            writeMeta(info);
        } catch (IOException e) {
            material.destroy();
            throw new KeyStorageException(Reason.UNAVAILABLE, "cannot write key " + info.name(), e);
        } catch (KeyStorageException e) {
            material.destroy();
            throw e;
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
        infos.put(info.name(), info);
        materials.put(materialId(info.name(), version), material);
        return info;
    }

    private Optional<KeyInfo> load(String name) throws KeyStorageException {
        KeyInfo cached = infos.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<byte[]> file;
        try {
            file = DurableFiles.read(root.resolve(name).resolve(META), MAX_FILE_BYTES);
        } catch (IOException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "cannot read key " + name, e);
        }
        if (file.isEmpty()) {
            return Optional.empty();
        }
        KeyInfo info = KeyInfoCodec.decode(name, sealer.open(Kind.KEY_METADATA, metaIdentity(name), file.get()));
        infos.putIfAbsent(name, info);
        return Optional.of(info);
    }

    private void writeMeta(KeyInfo info) throws KeyStorageException {
        try {
            DurableFiles.write(root.resolve(info.name()).resolve(META),
                    sealer.seal(Kind.KEY_METADATA, metaIdentity(info.name()), KeyInfoCodec.encode(info)));
        } catch (IOException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "cannot write metadata of key " + info.name(), e);
        }
    }

    private void destroyMaterialFile(String name, int version) {
        try {
            DurableFiles.erase(keyFile(name, version));
        } catch (IOException e) {
            // The revocation is recorded and enforced; only the cleanup of the sealed file failed.
            LOG.warn("version {} of key {} is revoked but its sealed material file could not be deleted: {}",
                    version, name, e.getClass().getSimpleName());
        }
    }

    private Path keyFile(String name, int version) {
        return root.resolve(name).resolve(version + ".key");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void checkName(String name) throws KeyStorageException {
        if (!isValidName(name)) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "key names are 1-128 of [A-Za-z0-9._-], not . or ..");
        }
    }

    private static boolean isValidName(String name) {
        // Names become directory names: the pattern and the dot rule keep them inside keys/.
        return name != null && NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }

    private static String materialId(String name, int version) {
        return name + "|v" + version;
    }

    private static String metaIdentity(String name) {
        return "keymeta|" + name;
    }

    private static String materialIdentity(String name, int version, KeyAlgorithm algorithm) {
        return "key|" + name + "|v" + version + "|" + algorithm.name();
    }
}
