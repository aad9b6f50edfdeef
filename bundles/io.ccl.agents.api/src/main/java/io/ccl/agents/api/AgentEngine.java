package io.ccl.agents.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The Agent Execution Engine: accepts jobs for agent types, runs them on bounded per-type worker
 * pools, and keeps their sealed results for a while.
 *
 * <p><b>Security guarantees.</b> A job is accepted only while the runtime accepts data; its input
 * stays encrypted (a JWE to the runtime's attested key) until a worker runs it, is decrypted
 * through the runtime only, and is wiped when the run ends. The result is sealed to the requester's
 * public key before it is stored; nothing in clear is persisted. An accepted job always ends
 * COMPLETED or FAILED: queues are bounded and refuse (never drop), and jobs are failed with a
 * reason when the runtime leaves READY, on a network isolation breach, on timeout, or when their
 * agent type goes away for good.
 */
@ProviderType
public interface AgentEngine {
    /** Agent types: registered ones and configured ones without a service, sorted by name. */
    List<AgentInfo> agents();

    /**
     * Accepts a job.
     *
     * @param agentType the {@code ccl.agent.type}
     * @param inputJwe the input, a compact JWE ({@code ECDH-ES+A256KW}, {@code A256GCM}) to the
     *        runtime's attested public key
     * @param replyTo the requester's public JWK members; the result is sealed to it
     * @return the job, QUEUED
     * @throws JobRefusedException when the job is not accepted (nothing was queued)
     */
    JobView submit(String agentType, String inputJwe, Map<String, Object> replyTo) throws JobRefusedException;

    /** A job by id, while the store keeps it. */
    Optional<JobView> job(String id);

    /** All stored jobs, newest first (for operators: job ids are the capability to fetch results). */
    List<JobView> jobs();

    /** The models of the manifest (name and digest only). */
    List<ModelInfo> models();

    /** Network isolation breaches (refused egress attempts) since the engine started. */
    long networkIsolationBreaches();
}
