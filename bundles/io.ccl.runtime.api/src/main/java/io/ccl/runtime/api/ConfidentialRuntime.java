package io.ccl.runtime.api;

import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.SecretBytes;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The Confidential Runtime: holds the attested ephemeral keys, drives attestation and
 * re-attestation, keeps provisioned secrets, and says whether data may be processed.
 *
 * <p><b>Security guarantees.</b> {@link #acceptsData()} is true only in {@link RuntimeState#READY}
 * with an unexpired, trustworthy attestation result; secrets are provisioned only after such a
 * result and are dropped on DEGRADED and LOCKDOWN. Private keys never leave the runtime.
 */
@ProviderType
public interface ConfidentialRuntime {
    RuntimeStatus status();

    /** True when data may be processed now. */
    boolean acceptsData();

    /** The attested encryption public key (JWK members) that data owners encrypt to. */
    Map<String, Object> publicKey();

    /**
     * Fresh evidence bound to runtime-data carrying {@code nonce}, for a relying party that
     * verifies the runtime itself.
     */
    BoundEvidence evidence(String nonce) throws RuntimeOperationException;

    /** Attests now (blocking) and returns the resulting status. */
    RuntimeStatus reattest();

    /** Enters LOCKDOWN: drops secrets and refuses data until {@link #recover()}. */
    RuntimeStatus lockdown(String reason);

    /** Leaves LOCKDOWN through a fresh attestation. */
    RuntimeStatus recover();

    /** A provisioned secret, when the runtime is READY and holds it. */
    Optional<SecretBytes> secret(ResourcePath path);

    /** Decrypts a JWE addressed to the runtime's attested key; refused unless data is accepted. */
    byte[] decrypt(String jwe) throws RuntimeOperationException;
}
