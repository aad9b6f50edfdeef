package io.ccl.keys.management.audit;

import io.ccl.audit.api.AuditEvent;
import io.ccl.audit.api.AuditSink;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits key lifecycle audit events: one logfmt line on the logger {@value #LOGGER} and a call to
 * every registered {@link AuditSink}. Values are reduced to a safe character set so that a crafted
 * name cannot forge log lines; events never carry key or secret material (callers pass names,
 * versions and outcomes only).
 */
public final class AuditTrail {
    /** Logger name of the key lifecycle audit lines. */
    public static final String LOGGER = "io.ccl.audit.keys";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._:/+=#*,-]");
    private static final int MAX_VALUE = 256;

    private final List<AuditSink> sinks = new CopyOnWriteArrayList<>();

    public void addSink(AuditSink sink) {
        sinks.add(sink);
    }

    public void removeSink(AuditSink sink) {
        sinks.remove(sink);
    }

    public void emit(AuditEvent event) {
        LOG.info(line(event));
        for (AuditSink sink : sinks) {
            try {
                sink.record(event);
            } catch (RuntimeException e) {
                LOG.error("audit sink {} failed with {}", sink.getClass().getName(), e.getClass().getName());
            }
        }
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

    private static String safe(String value) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        String s = UNSAFE.matcher(value).replaceAll("_");
        return s.length() > MAX_VALUE ? s.substring(0, MAX_VALUE) : s;
    }
}
