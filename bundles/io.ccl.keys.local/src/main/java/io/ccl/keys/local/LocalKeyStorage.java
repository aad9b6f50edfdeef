package io.ccl.keys.local;

import io.ccl.keys.api.DataKey;
import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeySignature;
import io.ccl.keys.api.KeyStorage;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.KeyVersionState;
import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.Secret;
import io.ccl.keys.api.SecretBytes;
import io.ccl.keys.api.SecretVersion;
import io.ccl.keys.local.disk.DataDirLock;
import io.ccl.keys.local.disk.DurableFiles;
import io.ccl.keys.local.disk.MasterKey;
import io.ccl.keys.local.disk.NameLocks;
import io.ccl.keys.local.disk.SealedFile;
import io.ccl.keys.local.key.KeyOperations;
import io.ccl.keys.local.key.KeyRing;
import io.ccl.keys.local.key.Signing;
import io.ccl.keys.local.secret.SecretFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default key store ({@code ccl.keys.store=local}): keys and secrets in AES-256-GCM
 * sealed files under a data directory, protected by a master key file. See the bundle README for
 * the layout, file formats and crash-safety design.
 *
 * <p><b>Security guarantees.</b> Every stored file is authenticated and bound to its name and
 * version; tampering, swapping or moving files yields {@link Reason#INTEGRITY}. Writes are atomic
 * and durable before the call returns. The store is exactly as safe as its master key file.
 */
@Component(service = KeyStorage.class, configurationPid = LocalKeyStorage.PID,
        property = KeyStorage.STORE_PROPERTY + "=" + LocalKeyStorage.KIND)
@Designate(ocd = LocalKeyStorage.Config.class)
public final class LocalKeyStorage implements KeyStorage, AutoCloseable {
    /** Configuration PID. */
    public static final String PID = "io.ccl.keys.local";
    /** Value of {@value KeyStorage#STORE_PROPERTY}. */
    public static final String KIND = "local";

    private static final Logger LOG = LoggerFactory.getLogger(LocalKeyStorage.class);

    @ObjectClassDefinition(name = "CCL local key store",
            description = "Keys and secrets in encrypted files under a data directory, sealed by a master key file.")
    public @interface Config {
        @AttributeDefinition(name = "Data directory",
                description = "Directory of the store, relative to the working directory unless absolute. One runtime at a time.")
        String data_dir() default "data/keys";

        @AttributeDefinition(name = "Master key file",
                description = "32-byte key-encryption key, generated with mode rw------- on first start. Empty: <data.dir>/master.key.")
        String master_key_file() default "";

        @AttributeDefinition(name = "Generated secrets",
                description = "Resources (repo/type/tag) created with 32 random bytes when absent, e.g. a data key of a fresh installation")
        String[] generate_secrets() default {};
    }

    private final Path dataDir;
    private final DataDirLock dirLock;
    private final MasterKey masterKey;
    private final SecretFiles secrets;
    private final KeyRing keys;
    private final KeyOperations operations;
    private final Signing signing;
    private final ReentrantReadWriteLock open = new ReentrantReadWriteLock();
    private boolean closed;

    @Activate
    public LocalKeyStorage(Config config) throws KeyStorageException {
        this(Path.of(config.data_dir()), config.master_key_file().isBlank() ? null : Path.of(config.master_key_file()),
                Clock.systemUTC());
        for (String path : config.generate_secrets()) {
            generateIfAbsent(ResourcePath.parse(path.trim()));
        }
    }

    /** Creates {@code path} with 32 random bytes unless it exists; returns true when it was created. */
    public boolean generateIfAbsent(ResourcePath path) throws KeyStorageException {
        if (getSecret(path).isPresent()) {
            return false;
        }
        byte[] value = new byte[32];
        new SecureRandom().nextBytes(value);
        SecretBytes secret = SecretBytes.copyOf(value, InsecureSecretAccess.get());
        java.util.Arrays.fill(value, (byte) 0);
        try {
            putSecret(path, secret, java.util.OptionalInt.of(0));
            return true;
        } catch (KeyStorageException e) {
            if (e.reason() == Reason.CAS_MISMATCH) {
                return false;
            }
            throw e;
        } finally {
            secret.destroy();
        }
    }

    /**
     * Opens (creating if needed) the store in {@code dataDir}.
     *
     * @param masterKeyFile the master key file, or null for {@code <dataDir>/master.key}
     * @throws KeyStorageException {@code UNAVAILABLE} when the directory is locked by another store,
     *     the master key is missing for existing data, or the files cannot be accessed
     */
    public LocalKeyStorage(Path dataDir, Path masterKeyFile, Clock clock) throws KeyStorageException {
        this.dataDir = dataDir.toAbsolutePath();
        try {
            DurableFiles.createDirectories(this.dataDir);
        } catch (IOException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "cannot create data directory " + this.dataDir, e);
        }
        this.dirLock = DataDirLock.acquire(this.dataDir);
        try {
            int removed = DurableFiles.removeTempFiles(this.dataDir);
            Path secretsDir = this.dataDir.resolve("secrets");
            Path keysDir = this.dataDir.resolve("keys");
            SecureRandom random = new SecureRandom();
            Path masterFile = masterKeyFile == null ? this.dataDir.resolve("master.key") : masterKeyFile.toAbsolutePath();
            this.masterKey = MasterKey.loadOrCreate(masterFile, isEmpty(secretsDir) && isEmpty(keysDir), random);
            SealedFile sealer = new SealedFile(masterKey, random);
            NameLocks locks = new NameLocks();
            this.secrets = new SecretFiles(secretsDir, sealer, locks, clock);
            this.keys = new KeyRing(keysDir, sealer, locks, clock, random);
            this.operations = new KeyOperations(keys, locks, random);
            this.signing = new Signing(keys, locks, random);
            int destroyed = secrets.recover();
            int deleted = keys.recover();
            LOG.info("local key store open at {} ({} interrupted writes, {} interrupted secret destroys, {} interrupted key deletions"
                    + " finished)", this.dataDir, removed, destroyed, deleted);
        } catch (IOException e) {
            dirLock.close();
            throw new KeyStorageException(Reason.UNAVAILABLE, "cannot open data directory " + this.dataDir, e);
        } catch (KeyStorageException | RuntimeException e) {
            dirLock.close();
            throw e;
        }
    }

    /** Zeroes cached keys and the master key and releases the data directory. */
    @Deactivate
    @Override
    public void close() {
        Lock lock = open.writeLock();
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                keys.close();
                masterKey.close();
                dirLock.close();
                LOG.info("local key store at {} closed", dataDir);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int putSecret(ResourcePath path, SecretBytes value, OptionalInt cas) throws KeyStorageException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(cas, "cas");
        return whileOpen(() -> secrets.put(path, value, cas));
    }

    @Override
    public Optional<Secret> getSecret(ResourcePath path) throws KeyStorageException {
        Objects.requireNonNull(path, "path");
        return whileOpen(() -> secrets.get(path));
    }

    @Override
    public Optional<Secret> getSecret(ResourcePath path, int version) throws KeyStorageException {
        Objects.requireNonNull(path, "path");
        return whileOpen(() -> secrets.get(path, version));
    }

    @Override
    public List<ResourcePath> listSecrets() throws KeyStorageException {
        return whileOpen(secrets::list);
    }

    @Override
    public boolean deleteSecret(ResourcePath path) throws KeyStorageException {
        Objects.requireNonNull(path, "path");
        return whileOpen(() -> secrets.delete(path));
    }

    @Override
    public List<SecretVersion> secretVersions(ResourcePath path) throws KeyStorageException {
        Objects.requireNonNull(path, "path");
        return whileOpen(() -> secrets.versions(path));
    }

    @Override
    public boolean deleteSecretVersion(ResourcePath path, int version) throws KeyStorageException {
        Objects.requireNonNull(path, "path");
        return whileOpen(() -> secrets.deleteVersion(path, version));
    }

    @Override
    public boolean destroySecretVersion(ResourcePath path, int version) throws KeyStorageException {
        Objects.requireNonNull(path, "path");
        return whileOpen(() -> secrets.destroyVersion(path, version));
    }

    @Override
    public KeyInfo createKey(String name, KeyAlgorithm algorithm, Set<KeyPurpose> purposes) throws KeyStorageException {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(purposes, "purposes");
        return whileOpen(() -> keys.create(name, algorithm, purposes));
    }

    @Override
    public Optional<KeyInfo> keyInfo(String name) throws KeyStorageException {
        return whileOpen(() -> keys.info(name));
    }

    @Override
    public List<KeyInfo> listKeys() throws KeyStorageException {
        return whileOpen(keys::list);
    }

    @Override
    public KeyInfo rotateKey(String name) throws KeyStorageException {
        return whileOpen(() -> keys.rotate(name));
    }

    @Override
    public KeyInfo setVersionState(String name, int version, KeyVersionState state) throws KeyStorageException {
        Objects.requireNonNull(state, "state");
        return whileOpen(() -> keys.setState(name, version, state));
    }

    @Override
    public byte[] encrypt(String name, byte[] plaintext, byte[] aad) throws KeyStorageException {
        Objects.requireNonNull(plaintext, "plaintext");
        return whileOpen(() -> operations.encrypt(name, plaintext, aad));
    }

    @Override
    public byte[] decrypt(String name, byte[] ciphertext, byte[] aad) throws KeyStorageException {
        Objects.requireNonNull(ciphertext, "ciphertext");
        return whileOpen(() -> operations.decrypt(name, ciphertext, aad));
    }

    @Override
    public void deleteKey(String name) throws KeyStorageException {
        whileOpen(() -> {
            keys.delete(name);
            return null;
        });
    }

    @Override
    public byte[] rewrap(String name, byte[] ciphertext, byte[] aad) throws KeyStorageException {
        Objects.requireNonNull(ciphertext, "ciphertext");
        return whileOpen(() -> operations.rewrap(name, ciphertext, aad));
    }

    @Override
    public byte[] wrap(String name, SecretBytes key) throws KeyStorageException {
        Objects.requireNonNull(key, "key");
        return whileOpen(() -> operations.wrap(name, key));
    }

    @Override
    public SecretBytes unwrap(String name, byte[] wrapped) throws KeyStorageException {
        Objects.requireNonNull(wrapped, "wrapped");
        return whileOpen(() -> operations.unwrap(name, wrapped));
    }

    @Override
    public DataKey generateDataKey(String name) throws KeyStorageException {
        return whileOpen(() -> operations.generateDataKey(name));
    }

    @Override
    public KeySignature sign(String name, byte[] data) throws KeyStorageException {
        Objects.requireNonNull(data, "data");
        return whileOpen(() -> signing.sign(name, data));
    }

    @Override
    public boolean verify(String name, int version, byte[] data, byte[] signature) throws KeyStorageException {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(signature, "signature");
        return whileOpen(() -> signing.verify(name, version, data, signature));
    }

    @Override
    public byte[] publicKey(String name, int version) throws KeyStorageException {
        return whileOpen(() -> signing.publicKey(name, version));
    }

    @Override
    public String toString() {
        return "LocalKeyStorage[" + dataDir + "]";
    }

    /** One store operation. */
    @FunctionalInterface
    private interface Operation<T> {
        T run() throws KeyStorageException;
    }

    private <T> T whileOpen(Operation<T> operation) throws KeyStorageException {
        Lock lock = open.readLock();
        lock.lock();
        try {
            if (closed) {
                throw new KeyStorageException(Reason.UNAVAILABLE, "local key store is closed");
            }
            return operation.run();
        } finally {
            lock.unlock();
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
