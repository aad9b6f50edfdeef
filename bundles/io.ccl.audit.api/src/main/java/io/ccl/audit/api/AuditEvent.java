package io.ccl.audit.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One audit event: who did what to which target, when, with which outcome.
 *
 * @param time when it happened
 * @param actor the authenticated principal and surface, e.g. {@code token:ops via rest}
 * @param action a stable dotted name, e.g. {@code key.rotate}, {@code secret.put}, {@code lockdown}
 * @param target what it acted on, e.g. a key name or {@code repo/type/tag}
 * @param outcome {@code ok}, {@code denied} or {@code failed}
 * @param details further names, versions and digests; never secret material
 */
public record AuditEvent(Instant time, String actor, String action, String target, String outcome,
        Map<String, String> details) {
    public static final String OK = "ok";
    public static final String DENIED = "denied";
    public static final String FAILED = "failed";

    public AuditEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outcome, "outcome");
        details = java.util.Collections.unmodifiableMap(new TreeMap<>(details));
    }
}
