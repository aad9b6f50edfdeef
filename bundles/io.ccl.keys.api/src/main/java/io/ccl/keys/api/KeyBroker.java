package io.ccl.keys.api;

import io.ccl.attestation.api.AttestationResult;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Releases secrets to attested runtimes (KBS {@code /resource}), wrapped as a JWE to the attested
 * {@code tee-pubkey} (ECDH-ES+A256KW or RSA-OAEP-256, A256GCM).
 *
 * <p><b>Security guarantees.</b> A release requires a trustworthy, unexpired attestation result,
 * a release policy that grants the path, and a usable public key bound into the evidence. The
 * secret never leaves the broker except encrypted to that key.
 */
@ProviderType
public interface KeyBroker {
    /**
     * Releases the newest version of a resource.
     *
     * @return the JWE in compact serialization
     */
    String release(ResourcePath path, AttestationResult result) throws ReleaseDeniedException;
}
