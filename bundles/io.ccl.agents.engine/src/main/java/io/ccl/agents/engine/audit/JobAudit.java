package io.ccl.agents.engine.audit;

import io.ccl.audit.api.AuditEvent;
import io.ccl.audit.api.AuditSink;
import io.ccl.audit.api.AuditTrail;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Emits the engine's audit events through an {@link AuditTrail}: one logfmt line on the logger
 * {@value #LOGGER} and a call to every registered {@link AuditSink}. Callers pass ids, agent types, digests, codes and counts only;
 * values are further reduced to a safe character set so that nothing can forge a log line.
 *
 * <table>
 * <caption>Events</caption>
 * <tr><th>action</th><th>target</th><th>details</th></tr>
 * <tr><td>{@code job.complete} (ok)</td><td>job id</td><td>agent_type, attempts, input_sha256,
 * result_sha256, models (name@sha256:hex,...), duration_ms</td></tr>
 * <tr><td>{@code job.fail} (failed)</td><td>job id</td><td>agent_type, error, input_sha256 (when
 * decrypted), models</td></tr>
 * <tr><td>{@code egress.breach} (denied)</td><td>scheme://host:port</td><td>agent_type, job,
 * reason, breaches (running total)</td></tr>
 * <tr><td>{@code capability.denied} (denied)</td><td>resource path or model name</td><td>agent_type,
 * job, reason</td></tr>
 * </table>
 */
public final class JobAudit {
    /** Logger name of the agent audit lines. */
    public static final String LOGGER = "io.ccl.audit.agents";
    /** Actor of engine events. */
    public static final String ACTOR = "engine:io.ccl.agents.engine";

    private final AuditTrail trail = new AuditTrail(LOGGER);
    private final Clock clock;

    public JobAudit(Clock clock) {
        this.clock = clock;
    }

    public void addSink(AuditSink sink) {
        trail.addSink(sink);
    }

    public void removeSink(AuditSink sink) {
        trail.removeSink(sink);
    }

    /** Emits an event; returns the receipt id the first receipt-issuing sink gave it, if any. */
    public Optional<String> emit(String action, String target, String outcome, Map<String, String> details) {
        return trail.emit(new AuditEvent(clock.instant(), ACTOR, action, target, outcome, details));
    }
}
