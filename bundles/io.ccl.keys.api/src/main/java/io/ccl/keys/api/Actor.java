package io.ccl.keys.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who asked for a lifecycle operation, for the audit trail: an authenticated principal and the
 * surface it came through.
 *
 * @param principal e.g. {@code token:ops-alice}, {@code cert:CN=ops}, {@code shell:console},
 *     {@code system:scheduler}, {@code verifier}
 * @param surface {@code rest}, {@code shell}, {@code scheduler}, {@code verifier}
 */
public record Actor(String principal, String surface) {
    private static final Pattern SAFE = Pattern.compile("[\\x20-\\x7e]{1,256}");

    public Actor {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(surface, "surface");
        if (!SAFE.matcher(principal).matches() || !SAFE.matcher(surface).matches()) {
            throw new IllegalArgumentException("actor names must be 1-256 printable ASCII characters");
        }
    }

    /** The built-in actor of scheduled operations. */
    public static Actor scheduler() {
        return new Actor("system:scheduler", "scheduler");
    }

    @Override
    public String toString() {
        return principal + " via " + surface;
    }
}
