package io.ccl.agents.api;

import java.util.Objects;

/**
 * A job was not accepted; nothing was queued and nothing was decrypted. The {@link Reason} is the
 * contract; the REST layer maps it to a status (see each constant).
 */
public final class JobRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the job was refused. */
    public enum Reason {
        /** The runtime does not accept data (not READY): 503 with Retry-After, or 409 in LOCKDOWN. */
        NOT_READY,
        /** No agent type of that name is known: 404. */
        UNKNOWN_AGENT_TYPE,
        /** The type is configured but no agent service is registered now: 503 with Retry-After. */
        AGENT_UNAVAILABLE,
        /** The type's queue is full: 503 with Retry-After. */
        QUEUE_FULL,
        /** The job store is full (results not yet expired): 503 with Retry-After. */
        STORE_FULL,
        /** The input is not a compact JWE, or too large: 400. */
        INVALID_INPUT,
        /** The reply key is not a public EC P-256/384/521 or RSA ≥ 2048 JWK: 400. */
        INVALID_REPLY_KEY
    }

    private final Reason reason;
    private final int retryAfterSeconds;
    private final boolean lockdown;

    public JobRefusedException(Reason reason, String message) {
        this(reason, message, 0, false);
    }

    /**
     * @param retryAfterSeconds when to try again (0 when retrying will not help)
     * @param lockdown for NOT_READY: the runtime is in LOCKDOWN (an operator must recover it)
     */
    public JobRefusedException(Reason reason, String message, int retryAfterSeconds, boolean lockdown) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.retryAfterSeconds = retryAfterSeconds;
        this.lockdown = lockdown;
    }

    public Reason reason() {
        return reason;
    }

    /** Seconds after which a retry may succeed; 0 when it will not by itself. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** For {@link Reason#NOT_READY}: true when the runtime is in LOCKDOWN. */
    public boolean lockdown() {
        return lockdown;
    }
}
