package io.ccl.agents.api;

import java.util.Objects;

/** A job asked for a capability its agent type's configuration does not give it. */
public final class CapabilityDeniedException extends AgentException {
    private static final long serialVersionUID = 1L;

    /** Why; the name is the error code. */
    public enum Reason {
        /** The secret is not among the agent type's granted secrets. */
        SECRET_NOT_GRANTED,
        /** The secret is granted but the runtime does not hold it now (not provisioned, not READY). */
        SECRET_UNAVAILABLE,
        /** The model is not among the agent type's models. */
        MODEL_NOT_GRANTED,
        /** The job has ended (completed, failed, cancelled): its capabilities are revoked. */
        SESSION_ENDED
    }

    private final Reason reason;

    public CapabilityDeniedException(Reason reason, String message) {
        super(Objects.requireNonNull(reason, "reason").name(), message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
