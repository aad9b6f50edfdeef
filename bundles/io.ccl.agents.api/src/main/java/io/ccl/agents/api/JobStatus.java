package io.ccl.agents.api;

/**
 * The life of a job. An accepted job always ends {@link #COMPLETED} or {@link #FAILED}.
 *
 * <pre>
 * QUEUED → RUNNING → COMPLETED
 *    ↑        ↓    ↘ FAILED
 *    └────────┘ (re-queued once when its agent bundle is replaced mid-job)
 * </pre>
 */
public enum JobStatus {
    /** Accepted, waiting for a worker of its agent type. */
    QUEUED,
    /** A worker is running the agent. */
    RUNNING,
    /** Done: the result is sealed to the requester. */
    COMPLETED,
    /** Done without a result; the job view names the error code. */
    FAILED;

    /** True for COMPLETED and FAILED. */
    public boolean terminal() {
        return this == COMPLETED || this == FAILED;
    }
}
