package io.ccl.agents.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An agent type: code that processes one job's decrypted input inside the attested runtime.
 * Registered as an OSGi service with the property {@value #PROPERTY} (for example
 * {@code ccl.agent.type=sara}); the engine finds it, gives it a worker pool and a bounded queue, and
 * swaps it when the bundle is updated.
 *
 * <p>Contract:
 * <ul>
 * <li>{@link #run} reaches secrets, the network and models only through the {@link AgentContext}
 * it is given; the context is valid for that call only.</li>
 * <li>It must not log, print or put into exception messages the input, the full result, secrets or
 * personal data: the engine shows {@link AgentException} messages to whoever holds the job id.</li>
 * <li>It should return promptly when its thread is interrupted (the job was cancelled, timed out,
 * or the runtime stopped accepting data): the JVM cannot stop a thread that ignores interrupts.</li>
 * <li>It may be called concurrently by several workers.</li>
 * </ul>
 */
@ConsumerType
public interface AgentType {
    /** The service property naming the type: {@code [a-z][a-z0-9_-]{0,31}}. */
    String PROPERTY = "ccl.agent.type";

    /** The type's name, equal to its {@value #PROPERTY} service property. */
    String type();

    /** One line for operators and clients: what this agent does. No secrets. */
    String describe();

    /**
     * Processes one job.
     *
     * @param context the job's capabilities
     * @param input the decrypted input; owned by the engine, wiped after this call returns
     * @return the full result (sealed to the requester by the engine) and its safe view
     * @throws AgentException a typed failure; its code and message are shown to the requester
     * @throws InterruptedException when the job was cancelled while the agent waited
     */
    AgentResult run(AgentContext context, JobInput input) throws AgentException, InterruptedException;
}
