package io.ccl.agents.engine.audit;

import io.ccl.audit.api.AuditEvent;
import io.ccl.audit.api.AuditSink;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits the engine's audit events: one logfmt line on the logger {@value #LOGGER} and a call to
 * every registered {@link AuditSink}. Callers pass ids, agent types, digests, codes and counts only;
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

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._:/+=#*,@-]");
    private static final int MAX_VALUE = 512;

    private final List<AuditSink> sinks = new CopyOnWriteArrayList<>();
    private final Clock clock;

    public JobAudit(Clock clock) {
        this.clock = clock;
    }

    public void addSink(AuditSink sink) {
        sinks.add(sink);
    }

    public void removeSink(AuditSink sink) {
        sinks.remove(sink);
    }

    /** Emits an event; returns the receipt id the first receipt-issuing sink gave it, if any. */
    public Optional<String> emit(String action, String target, String outcome, Map<String, String> details) {
        AuditEvent event = new AuditEvent(clock.instant(), ACTOR, action, target, outcome, details);
        LOG.info(line(event));
        Optional<String> receipt = Optional.empty();
        for (AuditSink sink : sinks) {
            try {
                Optional<String> id = sink.recordWithReceipt(event);
                if (receipt.isEmpty()) {
                    receipt = id;
                }
            } catch (RuntimeException e) {
                LOG.error("audit sink {} failed with {}", sink.getClass().getName(), e.getClass().getName());
            }
        }
        return receipt;
    }

    /** The logfmt line of an event. */
    public static String line(AuditEvent event) {
        StringBuilder line = new StringBuilder("event=").append(safe(event.action()));
        append(line, "outcome", event.outcome());
        append(line, "target", event.target());
        append(line, "actor", event.actor());
        append(line, "time", event.time().toString());
        for (Map.Entry<String, String> e : event.details().entrySet()) {
            append(line, safe(e.getKey()), e.getValue());
        }
        return line.toString();
    }

    private static void append(StringBuilder line, String key, String value) {
        line.append(' ').append(key).append('=').append(safe(value));
    }

    static String safe(String value) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        String s = UNSAFE.matcher(value).replaceAll("_");
        return s.length() > MAX_VALUE ? s.substring(0, MAX_VALUE) : s;
    }
}
