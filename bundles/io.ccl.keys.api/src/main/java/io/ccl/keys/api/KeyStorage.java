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

    /** Deletes all versions of a secret; returns false when there was none. */
    boolean deleteSecret(ResourcePath path) throws KeyStorageException;

    // --- keys ----------------------------------------------------------------------------------

    /** Generates a new key inside the store with version 1. */
    KeyInfo createKey(String name, KeyAlgorithm algorithm, Set<KeyPurpose> purposes) throws KeyStorageException;

    Optional<KeyInfo> keyInfo(String name) throws KeyStorageException;

    List<KeyInfo> listKeys() throws KeyStorageException;

    /** Adds a new active version; the previous active version becomes decrypt-only. */
    KeyInfo rotateKey(String name) throws KeyStorageException;

    /**
     * Moves a version to {@link KeyVersionState#RETIRED} or {@link KeyVersionState#REVOKED}.
     * Revocation is final.
     */
    KeyInfo setVersionState(String name, int version, KeyVersionState state) throws KeyStorageException;

    /** Encrypts with the active version; the ciphertext names the version that made it. */
    byte[] encrypt(String name, byte[] plaintext, byte[] aad) throws KeyStorageException;

    /** Decrypts with the version named in the ciphertext, if that version is usable. */
    byte[] decrypt(String name, byte[] ciphertext, byte[] aad) throws KeyStorageException;

    /** Signs with the active version of a signing key (ASN.1 DER ECDSA signature). */
    byte[] sign(String name, byte[] data) throws KeyStorageException;
}
