package io.ccl.web;

import java.util.Objects;

/** Thrown by handlers to answer with a problem body; carries no cause to avoid leaking internals. */
public final class ProblemException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Problem problem;
    private final String retryAfterSeconds;

    public ProblemException(Problem problem) {
        this(problem, null);
    }

    /** A problem with a {@code Retry-After} header (503, 429). */
    public ProblemException(Problem problem, String retryAfterSeconds) {
        super(problem.code() + ": " + problem.detail(), null, false, false);
        this.problem = Objects.requireNonNull(problem);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Problem problem() {
        return problem;
    }

    /** Seconds for {@code Retry-After}, or null. */
    public String retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
