package io.ccl.audit.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every emitter of audit events does the same way: one logfmt line per event on a named
 * logger, then a call to every registered {@link AuditSink}. Values are reduced to a safe character
 * set and length, so that a crafted name cannot forge log lines; a failing sink is logged by class
 * name and never stops the others. Callers pass names, versions, digests and outcomes only.
 */
public final class AuditTrail {
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._:/+=#*,@-]");
    private static final int MAX_VALUE = 512;

    private final Logger log;
    private final List<AuditSink> sinks = new CopyOnWriteArrayList<>();

    /** A trail logging on {@code loggerName}, e.g. {@code io.ccl.audit.keys}. */
    public AuditTrail(String loggerName) {
        this.log = LoggerFactory.getLogger(Objects.requireNonNull(loggerName, "loggerName"));
    }

    public void addSink(AuditSink sink) {
        sinks.add(sink);
    }

    public void removeSink(AuditSink sink) {
        sinks.remove(sink);
    }

    /** Logs and records an event; returns the receipt id the first receipt-issuing sink gave it. */
    public Optional<String> emit(AuditEvent event) {
        log.info(line(event));
        Optional<String> receipt = Optional.empty();
        for (AuditSink sink : sinks) {
            try {
                Optional<String> id = sink.recordWithReceipt(event);
                if (receipt.isEmpty()) {
                    receipt = id;
                }
            } catch (RuntimeException e) {
                log.error("audit sink {} failed with {}", sink.getClass().getName(), e.getClass().getName());
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

    /** A value as it may appear in a log line: safe characters only, at most 512 of them, "-" when empty. */
    public static String safe(String value) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        String s = UNSAFE.matcher(value).replaceAll("_");
        return s.length() > MAX_VALUE ? s.substring(0, MAX_VALUE) : s;
    }
}
