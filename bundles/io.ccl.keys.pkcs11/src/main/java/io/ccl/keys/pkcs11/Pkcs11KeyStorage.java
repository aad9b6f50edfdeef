package io.ccl.keys.pkcs11;

import io.ccl.keys.api.DataKey;
import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeySignature;
import io.ccl.keys.api.KeyStorage;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.KeyVersionState;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.Secret;
import io.ccl.keys.api.SecretBytes;
import io.ccl.keys.api.SecretVersion;
import io.ccl.keys.pkcs11.key.KeyCatalog;
import io.ccl.keys.pkcs11.key.KeyCrypto;
import io.ccl.keys.pkcs11.layout.Labels;
import io.ccl.keys.pkcs11.layout.MetadataObjects;
import io.ccl.keys.pkcs11.layout.NameLocks;
import io.ccl.keys.pkcs11.secret.SecretCatalog;
import io.ccl.keys.pkcs11.token.Pkcs11Settings;
import io.ccl.keys.pkcs11.token.TokenObjects;
import io.ccl.keys.pkcs11.token.TokenSessions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PKCS#11 key store ({@code ccl.keys.store=pkcs11}): keys are generated inside a token as
 * non-extractable, sensitive objects and used through it; key metadata and secrets are private
 * token data objects. Any PKCS#11 module works; SoftHSM2 is the one tested. See the bundle
 * README for the object layout, the formats and what the token enforces.
 *
 * <p><b>Security guarantees.</b> No key material of a stored key ever exists outside the token:
 * the token refuses to reveal or wrap it ({@code CKA_SENSITIVE}, {@code CKA_EXTRACTABLE=false})
 * and to use it beyond its purposes. Ciphertexts and wrapped keys are authenticated and bound to
 * their key version. The PIN never comes from the configuration. A crash leaves every key and
 * secret in its previous or its new state.
 */
@Component(service = KeyStorage.class, configurationPid = Pkcs11KeyStorage.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = KeyStorage.STORE_PROPERTY + "=" + Pkcs11KeyStorage.KIND)
@Designate(ocd = Pkcs11KeyStorage.Config.class)
public final class Pkcs11KeyStorage implements KeyStorage, AutoCloseable {
    /** Configuration PID. */
    public static final String PID = "io.ccl.keys.pkcs11";
    /** Value of {@value KeyStorage#STORE_PROPERTY}. */
    public static final String KIND = "pkcs11";

    private static final Logger LOG = LoggerFactory.getLogger(Pkcs11KeyStorage.class);

    @ObjectClassDefinition(name = "CCL PKCS#11 key store",
            description = "Keys generated and used inside a PKCS#11 token; key metadata and secrets as private token objects.")
    public @interface Config {
        @AttributeDefinition(name = "PKCS#11 library", description = "Absolute path of the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so")
        String library();

        @AttributeDefinition(name = "Token label", description = "Label of the token to use (set this or the slot index)")
        String token_label() default "";

        @AttributeDefinition(name = "Slot index", description = "Index into the list of slots holding a token; -1 selects by label")
        int slot_index() default -1;

        @AttributeDefinition(name = "PIN file", description = "File holding the user PIN (mode 0600); set this or the PIN environment variable")
        String pin_file() default "";

        @AttributeDefinition(name = "PIN environment variable", description = "Name of the environment variable holding the user PIN")
        String pin_env() default "";

        @AttributeDefinition(name = "Namespace", description = "Prefix of the labels of this store's token objects, [a-z0-9-]{1,32}")
        String namespace() default "ccl";

        @AttributeDefinition(name = "Sessions", description = "Most PKCS#11 sessions used at once (1-64)")
        int sessions() default 4;
    }

    private final TokenSessions sessions;
    private final KeyCatalog keys;
    private final KeyCrypto crypto;
    private final SecretCatalog secrets;
    private final ReentrantReadWriteLock open = new ReentrantReadWriteLock();
    private boolean closed;

    @Activate
    public Pkcs11KeyStorage(Config config, Map<String, Object> properties) throws KeyStorageException {
        this(Pkcs11Settings.fromConfiguration(properties, config.library(), config.token_label(), config.slot_index(),
                config.pin_file(), config.pin_env(), config.namespace(), config.sessions()), Clock.systemUTC());
    }

    /**
     * Opens the store: loads the module, logs in, reads all metadata of the namespace and removes
     * objects that interrupted writes left behind.
     *
     * @throws KeyStorageException {@code UNAVAILABLE} when the module, the token or the PIN is
     *     missing, or the token refuses the login
     */
    public Pkcs11KeyStorage(Pkcs11Settings settings, Clock clock) throws KeyStorageException {
        long start = System.nanoTime();
        this.sessions = TokenSessions.open(settings);
        try {
            Labels labels = new Labels(settings.namespace());
            MetadataObjects metadata = new MetadataObjects(labels.metadataApplication());
            TokenObjects objects = new TokenObjects();
            NameLocks locks = new NameLocks();
            SecureRandom random = new SecureRandom();
            this.keys = new KeyCatalog(sessions, labels, metadata, objects, locks, clock, random);
            this.secrets = new SecretCatalog(sessions, labels, metadata, objects, locks, clock);
            this.crypto = new KeyCrypto(sessions, keys, objects, labels, locks, random);
            MetadataObjects.Loaded loaded = sessions.call("reading the store's metadata", metadata::loadAll);
            keys.accept(loaded);
            secrets.accept(loaded);
            int swept = keys.sweep() + secrets.sweep();
            LOG.info("PKCS#11 key store open on {}, namespace '{}': {} keys, {} secrets, {} leftover objects removed, {} ms",
                    sessions.description(), settings.namespace(), keys.list().size(), secrets.list().size(),
                    swept + loaded.superseded(), (System.nanoTime() - start) / 1_000_000);
        } catch (KeyStorageException | RuntimeException e) {
            sessions.close();
            throw e;
        }
    }

    /** Closes this store's sessions; the last store on a library finalises it. */
    @Deactivate
    @Override
    public void close() {
        Lock lock = open.writeLock();
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                sessions.close();
                LOG.info("PKCS#11 key store on {} closed", sessions.description());
            }
        } finally {
            lock.unlock();
        }
    }

    /** The token sessions, for tests that look at the token directly. */
    TokenSessions sessions() {
        return sessions;
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
    public void deleteKey(String name) throws KeyStorageException {
        whileOpen(() -> {
            keys.delete(name);
            return null;
        });
    }

    @Override
    public byte[] encrypt(String name, byte[] plaintext, byte[] aad) throws KeyStorageException {
        Objects.requireNonNull(plaintext, "plaintext");
        return whileOpen(() -> crypto.encrypt(name, plaintext, aad));
    }

    @Override
    public byte[] decrypt(String name, byte[] ciphertext, byte[] aad) throws KeyStorageException {
        Objects.requireNonNull(ciphertext, "ciphertext");
        return whileOpen(() -> crypto.decrypt(name, ciphertext, aad));
    }

    @Override
    public byte[] rewrap(String name, byte[] ciphertext, byte[] aad) throws KeyStorageException {
        Objects.requireNonNull(ciphertext, "ciphertext");
        return whileOpen(() -> crypto.rewrap(name, ciphertext, aad));
    }

    @Override
    public byte[] wrap(String name, SecretBytes key) throws KeyStorageException {
        Objects.requireNonNull(key, "key");
        return whileOpen(() -> crypto.wrap(name, key));
    }

    @Override
    public SecretBytes unwrap(String name, byte[] wrapped) throws KeyStorageException {
        Objects.requireNonNull(wrapped, "wrapped");
        return whileOpen(() -> crypto.unwrap(name, wrapped));
    }

    @Override
    public DataKey generateDataKey(String name) throws KeyStorageException {
        return whileOpen(() -> crypto.generateDataKey(name));
    }

    @Override
    public KeySignature sign(String name, byte[] data) throws KeyStorageException {
        Objects.requireNonNull(data, "data");
        return whileOpen(() -> crypto.sign(name, data));
    }

    @Override
    public boolean verify(String name, int version, byte[] data, byte[] signature) throws KeyStorageException {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(signature, "signature");
        return whileOpen(() -> crypto.verify(name, version, data, signature));
    }

    @Override
    public byte[] publicKey(String name, int version) throws KeyStorageException {
        return whileOpen(() -> crypto.publicKey(name, version));
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
                throw new KeyStorageException(Reason.UNAVAILABLE, "PKCS#11 key store is closed");
            }
            return operation.run();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Pkcs11KeyStorage[" + sessions.description() + "]";
    }
}
