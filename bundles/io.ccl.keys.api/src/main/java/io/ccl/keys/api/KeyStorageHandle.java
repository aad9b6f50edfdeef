package io.ccl.keys.api;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The key store a consumer currently uses, replaceable while it serves: a key store bundle can be
 * updated or swapped in place without restarting the broker or key management above it. While no
 * store is bound, every operation fails with {@link KeyStorageException.Reason#UNAVAILABLE}
 * (fail closed; callers answer 503 and retry).
 */
public final class KeyStorageHandle implements KeyStorage {
    private final AtomicReference<KeyStorage> current = new AtomicReference<>();

    /** A handle bound to {@code store} (tests, embedding). */
    public static KeyStorageHandle of(KeyStorage store) {
        KeyStorageHandle handle = new KeyStorageHandle();
        handle.bind(store);
        return handle;
    }

    /** Uses {@code store} from now on. */
    public void bind(KeyStorage store) {
        current.set(store);
    }

    /** Stops using {@code store}, if it is the current one. */
    public void unbind(KeyStorage store) {
        current.compareAndSet(store, null);
    }

    private KeyStorage store() throws KeyStorageException {
        KeyStorage s = current.get();
        if (s == null) {
            throw new KeyStorageException(KeyStorageException.Reason.UNAVAILABLE, "no key store is bound right now");
        }
        return s;
    }

    @Override
    public String kind() {
        KeyStorage s = current.get();
        return s == null ? "unavailable" : s.kind();
    }

    @Override
    public int putSecret(ResourcePath path, SecretBytes value, OptionalInt cas) throws KeyStorageException {
        return store().putSecret(path, value, cas);
    }

    @Override
    public Optional<Secret> getSecret(ResourcePath path) throws KeyStorageException {
        return store().getSecret(path);
    }

    @Override
    public Optional<Secret> getSecret(ResourcePath path, int version) throws KeyStorageException {
        return store().getSecret(path, version);
    }

    @Override
    public List<ResourcePath> listSecrets() throws KeyStorageException {
        return store().listSecrets();
    }

    @Override
    public boolean deleteSecret(ResourcePath path) throws KeyStorageException {
        return store().deleteSecret(path);
    }

    @Override
    public List<SecretVersion> secretVersions(ResourcePath path) throws KeyStorageException {
        return store().secretVersions(path);
    }

    @Override
    public boolean deleteSecretVersion(ResourcePath path, int version) throws KeyStorageException {
        return store().deleteSecretVersion(path, version);
    }

    @Override
    public boolean destroySecretVersion(ResourcePath path, int version) throws KeyStorageException {
        return store().destroySecretVersion(path, version);
    }

    @Override
    public KeyInfo createKey(String name, KeyAlgorithm algorithm, Set<KeyPurpose> purposes) throws KeyStorageException {
        return store().createKey(name, algorithm, purposes);
    }

    @Override
    public Optional<KeyInfo> keyInfo(String name) throws KeyStorageException {
        return store().keyInfo(name);
    }

    @Override
    public List<KeyInfo> listKeys() throws KeyStorageException {
        return store().listKeys();
    }

    @Override
    public KeyInfo rotateKey(String name) throws KeyStorageException {
        return store().rotateKey(name);
    }

    @Override
    public KeyInfo setVersionState(String name, int version, KeyVersionState state) throws KeyStorageException {
        return store().setVersionState(name, version, state);
    }

    @Override
    public void deleteKey(String name) throws KeyStorageException {
        store().deleteKey(name);
    }

    @Override
    public byte[] encrypt(String name, byte[] plaintext, byte[] aad) throws KeyStorageException {
        return store().encrypt(name, plaintext, aad);
    }

    @Override
    public byte[] decrypt(String name, byte[] ciphertext, byte[] aad) throws KeyStorageException {
        return store().decrypt(name, ciphertext, aad);
    }

    @Override
    public byte[] rewrap(String name, byte[] ciphertext, byte[] aad) throws KeyStorageException {
        return store().rewrap(name, ciphertext, aad);
    }

    @Override
    public byte[] wrap(String name, SecretBytes key) throws KeyStorageException {
        return store().wrap(name, key);
    }

    @Override
    public SecretBytes unwrap(String name, byte[] wrapped) throws KeyStorageException {
        return store().unwrap(name, wrapped);
    }

    @Override
    public DataKey generateDataKey(String name) throws KeyStorageException {
        return store().generateDataKey(name);
    }

    @Override
    public KeySignature sign(String name, byte[] data) throws KeyStorageException {
        return store().sign(name, data);
    }

    @Override
    public boolean verify(String name, int version, byte[] data, byte[] signature) throws KeyStorageException {
        return store().verify(name, version, data, signature);
    }

    @Override
    public byte[] publicKey(String name, int version) throws KeyStorageException {
        return store().publicKey(name, version);
    }
}
