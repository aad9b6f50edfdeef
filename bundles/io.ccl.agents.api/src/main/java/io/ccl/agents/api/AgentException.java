package io.ccl.agents.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A job failed for a reason the agent or the engine can name. {@link #code()} is the contract
 * (upper-case, such as {@code INVALID_AUDIO} or {@code SECRET_NOT_GRANTED}) and becomes the failed
 * job's error code; the message is shown with it and must never contain input, personal data or
 * secrets.
 */
public class AgentException extends Exception {
    private static final long serialVersionUID = 1L;
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{1,63}");

    private final String code;

    /**
     * @param code {@code [A-Z][A-Z0-9_]{1,63}}
     * @param message safe to show to the requester
     */
    public AgentException(String code, String message) {
        this(code, message, null);
    }

    public AgentException(String code, String message, Throwable cause) {
        super(message, cause);
        Objects.requireNonNull(code, "code");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("code must match " + CODE.pattern());
        }
        this.code = code;
    }

    /** The stable error code. */
    public String code() {
        return code;
    }
}
