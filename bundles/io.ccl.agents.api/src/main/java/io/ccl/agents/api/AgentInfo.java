package io.ccl.agents.api;

import java.util.List;

/**
 * An agent type as the engine sees it.
 *
 * @param type the {@code ccl.agent.type} value
 * @param description the agent's {@link AgentType#describe()}, or empty when unavailable
 * @param state AVAILABLE when a service for the type is registered
 * @param workers worker threads of the type
 * @param queueSize jobs that may wait beyond the running ones
 * @param queued jobs waiting now
 * @param running jobs running now
 * @param completed jobs completed since the engine started
 * @param failed jobs failed since the engine started
 * @param refused submissions refused (queue full, not ready, unavailable) since the engine started
 * @param grantedSecrets resource paths the configuration grants ({@code repo/type/tag}; names only)
 * @param egressAllow the egress allowlist entries
 * @param models the model names the configuration grants
 */
public record AgentInfo(String type, String description, State state, int workers, int queueSize, int queued,
        int running, long completed, long failed, long refused, List<String> grantedSecrets, List<String> egressAllow,
        List<String> models) {
    /** Whether jobs can run. */
    public enum State {
        /** A service for the type is registered. */
        AVAILABLE,
        /** Configured or seen before, but no service is registered now. */
        UNAVAILABLE
    }

    public AgentInfo {
        grantedSecrets = List.copyOf(grantedSecrets);
        egressAllow = List.copyOf(egressAllow);
        models = List.copyOf(models);
    }
}
