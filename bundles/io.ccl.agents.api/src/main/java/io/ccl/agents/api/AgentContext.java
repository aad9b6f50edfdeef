package io.ccl.agents.api;

import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.SecretBytes;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The capabilities of one job, and nothing else: the secrets its agent type's configuration grants,
 * an HTTP client limited to the type's egress allowlist, the models it may load, and facts about
 * the runtime. Valid only during {@link AgentType#run}; afterwards (or when the session is ended by
 * a network isolation breach, a timeout or the runtime leaving READY) every call is refused with
 * reason {@code SESSION_ENDED}.
 *
 * <p><b>Security guarantees.</b> A secret or model outside the grant is refused before the runtime
 * or the model store is asked. Secrets are handed out as copies that the engine destroys when the
 * job ends, so an agent can neither keep them nor destroy the runtime's own copy. Models are
 * decrypted in memory only and only after their SHA-256 matches the manifest.
 */
@ProviderType
public interface AgentContext {
    /** The job's id (random, unguessable; safe to log). */
    String jobId();

    /** The agent type the job runs as. */
    String agentType();

    /**
     * A secret the configuration grants to this agent type, as a copy valid until the job ends.
     *
     * @throws CapabilityDeniedException {@code SECRET_NOT_GRANTED} when the path is not granted,
     *         {@code SECRET_UNAVAILABLE} when the runtime does not hold it (not provisioned, or the
     *         runtime is not READY), {@code SESSION_ENDED} after the job ended
     */
    SecretBytes secret(ResourcePath path) throws CapabilityDeniedException;

    /** The HTTP client of this job, limited to the agent type's egress allowlist. */
    EgressClient http();

    /**
     * A model the configuration grants, decrypted in memory after its digest was checked against
     * the manifest (and against the digest pinned in the configuration, when one is).
     *
     * @throws CapabilityDeniedException {@code MODEL_NOT_GRANTED}, {@code SESSION_ENDED}
     * @throws ModelRefusedException when the model cannot be loaded or fails its digest check
     */
    AgentModel model(String name) throws CapabilityDeniedException, ModelRefusedException;

    /** What the runtime says about itself while the job runs (for the result's security block). */
    RuntimeFacts runtime();
}
