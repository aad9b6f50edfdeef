package io.ccl.agents.engine.egress;

import io.ccl.agents.api.EgressDeniedException;

/** The job an egress client belongs to, as the client needs it. */
public interface EgressSession {
    String jobId();

    String agentType();

    /** True once the job's session ended: nothing more may be sent. */
    boolean ended();

    /** Told of a refused attempt (a breach); runs before the refusal is thrown. */
    void breach(String destination, EgressDeniedException.Reason reason);
}
