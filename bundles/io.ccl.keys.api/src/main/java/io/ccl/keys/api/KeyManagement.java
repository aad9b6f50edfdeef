package io.ccl.keys.api;

import io.ccl.attestation.api.AttestationResult;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The key management service over whichever {@link KeyStorage} is configured: the operations an
 * administrator performs (REST {@code /api/v1/keys}, {@code /api/v1/secrets}, the {@code ccl:}
 * shell), scheduled rotation, revocation and lockdown. Every call is an audit event naming the
 * {@link Actor}; no key or secret material is ever part of an event, log line or exception.
 *
 * <p><b>Security guarantees.</b> A revoked version is refused by the store and never released by
 * the broker. During a lockdown, runtimes in its scope get contraindicated attestation results,
 * nothing is released to them, and every secret version that was released to them is revoked
 * (soft-deleted, so a fresh version must be written before anything is released again).
 */
@ProviderType
public interface KeyManagement {
    /** The store kind in use, e.g. {@code local}. */
    String storeKind();

    KeyInfo createKey(Actor actor, String name, KeyAlgorithm algorithm, Set<KeyPurpose> purposes) throws KeyStorageException;

    List<KeyInfo> listKeys() throws KeyStorageException;

    Optional<KeyInfo> keyInfo(String name) throws KeyStorageException;

    /** New active version; the previous one becomes decrypt-only. */
    KeyInfo rotateKey(Actor actor, String name) throws KeyStorageException;

    /** Revokes one version, or every version when {@code version} is empty. Final. */
    KeyInfo revokeKey(Actor actor, String name, OptionalInt version, String reason) throws KeyStorageException;

    /** Retires every usable version below {@code minVersion} (which must not exceed the newest). */
    KeyInfo retireKey(Actor actor, String name, int minVersion) throws KeyStorageException;

    /** Rewraps a batch (at most {@link #MAX_REWRAP_BATCH}) under the active version. */
    RewrapResult rewrap(Actor actor, String name, List<byte[]> ciphertexts, byte[] aad) throws KeyStorageException;

    /** Largest batch {@link #rewrap} accepts. */
    int MAX_REWRAP_BATCH = 1000;

    int putSecret(Actor actor, ResourcePath path, SecretBytes value, OptionalInt cas) throws KeyStorageException;

    List<ResourcePath> listSecrets() throws KeyStorageException;

    List<SecretVersion> secretVersions(ResourcePath path) throws KeyStorageException;

    /** Deletes all versions of a secret. */
    boolean deleteSecret(Actor actor, ResourcePath path) throws KeyStorageException;

    /**
     * Declares a lockdown: revokes every secret version released to runtimes in scope and refuses
     * them attestation and release until {@link #recover}.
     */
    Lockdown lockdown(Actor actor, LockdownScope scope, String reason) throws KeyStorageException;

    /** Ends the lockdowns of exactly this scope; runtimes must attest afresh. Returns the ended ones. */
    List<Lockdown> recover(Actor actor, LockdownScope scope);

    List<Lockdown> lockdowns();

    /** The first lockdown covering this attestation result, if any. */
    Optional<Lockdown> lockdownFor(AttestationResult result);

    /**
     * Records that the broker released a secret version to the runtime of {@code result}, so a
     * later lockdown can revoke it. The broker calls it before it hands out the sealed secret and
     * denies the release when it fails.
     *
     * @throws KeyStorageException {@code UNAVAILABLE} when the record cannot be made durable,
     *     {@code INVALID_ARGUMENT} when the result carries no usable runtime key
     */
    void recordRelease(AttestationResult result, ResourcePath path, int version) throws KeyStorageException;
}
