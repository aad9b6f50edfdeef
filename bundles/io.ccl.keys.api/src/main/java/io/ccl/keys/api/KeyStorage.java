package io.ccl.keys.api;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Storage of versioned keys and secrets (local encrypted files, a PKCS#11 token, HashiCorp
 * Vault...). Registered as a DS service with the property {@value #STORE_PROPERTY}; which store a
 * site uses is configuration.
 *
 * <p><b>Security guarantees.</b> Key material never leaves the store through this interface: keys
 * are used by name. Secrets are returned only as {@link SecretBytes}. A revoked or retired version
 * is refused by every operation. Writes are atomic: a failed or interrupted write leaves the
 * previous version intact.
 */
@ConsumerType
public interface KeyStorage {
    /** Service property naming the store kind, e.g. {@code local}, {@code pkcs11}, {@code vault}. */
    String STORE_PROPERTY = "ccl.keys.store";

    /** The store kind. */
    String kind();

    // --- secrets -------------------------------------------------------------------------------

    /**
     * Writes a new version of a secret.
     *
     * @param cas when present, the write succeeds only if the current version equals it (0 = must not exist)
     * @return the new version number
     */
    int putSecret(ResourcePath path, SecretBytes value, OptionalInt cas) throws KeyStorageException;

    /** The newest version of a secret, if it exists and is not deleted. */
    Optional<Secret> getSecret(ResourcePath path) throws KeyStorageException;

    /** One version of a secret, if it exists and is not deleted. */
    Optional<Secret> getSecret(ResourcePath path, int version) throws KeyStorageException;

    /** Names of all secrets that have a live version. */
    List<ResourcePath> listSecrets() throws KeyStorageException;

    /** Deletes all versions of a secret and its metadata; returns false when there was none. */
    boolean deleteSecret(ResourcePath path) throws KeyStorageException;

    /**
     * All versions of a secret, oldest first, with their state; empty when the secret does not
     * exist. Never secret material.
     */
    List<SecretVersion> secretVersions(ResourcePath path) throws KeyStorageException;

    /**
     * Soft-deletes one version (as KV v2 {@code delete}): it can no longer be read, its number is
     * not reused, and when it is the newest, {@link #getSecret(ResourcePath)} is empty.
     *
     * @return false when the version does not exist or was already deleted or destroyed
     */
    boolean deleteSecretVersion(ResourcePath path, int version) throws KeyStorageException;

    /**
     * Destroys one version permanently (as KV v2 {@code destroy}): its material is erased.
     *
     * @return false when the version does not exist or was already destroyed
     */
    boolean destroySecretVersion(ResourcePath path, int version) throws KeyStorageException;

    // --- keys ----------------------------------------------------------------------------------

    /**
     * Generates a new key inside the store with version 1 (non-extractable where the store can
     * enforce it).
     *
     * @throws KeyStorageException {@code INVALID_ARGUMENT} when the name is invalid, the key
     *     exists, or the purposes do not fit the algorithm (AES: ENCRYPT, DECRYPT, WRAP, UNWRAP;
     *     EC: SIGN, VERIFY)
     */
    KeyInfo createKey(String name, KeyAlgorithm algorithm, Set<KeyPurpose> purposes) throws KeyStorageException;

    Optional<KeyInfo> keyInfo(String name) throws KeyStorageException;

    List<KeyInfo> listKeys() throws KeyStorageException;

    /** Adds a new active version; the previous active version becomes decrypt-only. */
    KeyInfo rotateKey(String name) throws KeyStorageException;

    /**
     * Moves a version to {@link KeyVersionState#RETIRED} or {@link KeyVersionState#REVOKED}.
     * Revocation is final; a retired version cannot become usable again.
     */
    KeyInfo setVersionState(String name, int version, KeyVersionState state) throws KeyStorageException;

    /**
     * Deletes a key with all its versions. Allowed only when no version is ACTIVE or
     * DECRYPT_ONLY (retire or revoke them first), so nothing still readable is lost by accident.
     *
     * @throws KeyStorageException {@code NOT_FOUND}, or {@code NOT_PERMITTED} while a version is usable
     */
    void deleteKey(String name) throws KeyStorageException;

    /** Encrypts with the active version; the ciphertext names the version that made it. */
    byte[] encrypt(String name, byte[] plaintext, byte[] aad) throws KeyStorageException;

    /** Decrypts with the version named in the ciphertext, if that version is usable. */
    byte[] decrypt(String name, byte[] ciphertext, byte[] aad) throws KeyStorageException;

    /**
     * Re-encrypts a ciphertext of this key under its active version, without the plaintext
     * leaving the store (where the store can do that). A ciphertext already under the active
     * version is re-encrypted all the same.
     */
    byte[] rewrap(String name, byte[] ciphertext, byte[] aad) throws KeyStorageException;

    /** Wraps key material under the active version of a WRAP key; the result names the version. */
    byte[] wrap(String name, SecretBytes key) throws KeyStorageException;

    /** Unwraps what {@link #wrap} produced, if the version it names is usable for UNWRAP. */
    SecretBytes unwrap(String name, byte[] wrapped) throws KeyStorageException;

    /**
     * Generates a fresh AES-256 data key and returns it in clear and wrapped (as {@link #wrap}
     * would) under the active version of a WRAP key.
     */
    DataKey generateDataKey(String name) throws KeyStorageException;

    /** Signs with the active version of a signing key (ASN.1 DER ECDSA signature). */
    KeySignature sign(String name, byte[] data) throws KeyStorageException;

    /**
     * Verifies a signature made by one version, which must be ACTIVE or DECRYPT_ONLY.
     *
     * @return false when the signature does not verify
     */
    boolean verify(String name, int version, byte[] data, byte[] signature) throws KeyStorageException;

    /** The X.509 SubjectPublicKeyInfo (DER) of one version of a signing key. */
    byte[] publicKey(String name, int version) throws KeyStorageException;
}
