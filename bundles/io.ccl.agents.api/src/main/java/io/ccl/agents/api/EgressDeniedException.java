package io.ccl.agents.api;

import java.util.Objects;

/**
 * An HTTP request was refused before it left the JVM. Every refusal except {@code SESSION_ENDED} is a
 * network isolation breach: counted, audited, and it ends all active sessions of the runtime.
 */
public final class EgressDeniedException extends AgentException {
    private static final long serialVersionUID = 1L;

    /** Why; the error code is {@code EGRESS_} + the name. */
    public enum Reason {
        /** Host and port match no allowlist entry. */
        HOST_NOT_ALLOWED,
        /** The scheme is not allowed for that host ({@code http} needs an explicit {@code http://} entry). */
        SCHEME_NOT_ALLOWED,
        /** The URI has no usable host (relative, user info, non-ASCII or malformed host). */
        INVALID_DESTINATION,
        /** The job's session has ended; nothing was sent. Not counted as a breach. */
        SESSION_ENDED
    }

    private final Reason reason;
    private final String destination;

    /**
     * @param destination {@code scheme://host:port} of the refused request (never path or query,
     *        which may carry credentials)
     */
    public EgressDeniedException(Reason reason, String destination, String message) {
        super("EGRESS_" + Objects.requireNonNull(reason, "reason").name(), message);
        this.reason = reason;
        this.destination = Objects.requireNonNull(destination, "destination");
    }

    public Reason reason() {
        return reason;
    }

    /** {@code scheme://host:port} that was refused. */
    public String destination() {
        return destination;
    }
}
