package io.ccl.receipts.service;

import io.ccl.audit.api.AuditEvent;
import io.ccl.audit.api.AuditSink;
import io.ccl.receipts.api.LogEntry;
import io.ccl.receipts.api.LogException;
import io.ccl.receipts.api.NewEntry;
import io.ccl.receipts.api.TransparencyLog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit sink of the receipts log: every {@link AuditEvent} (attestations, releases, key
 * lifecycle, lockdowns, jobs, bundle and configuration changes) becomes one log entry of type
 * {@value #TYPE}, durable before {@link #record} returns. Events carry names, versions, digests and
 * outcomes only, so entries do too.
 */
@Component(service = {AuditSink.class, AuditRecorder.class})
public final class AuditRecorder implements AuditSink {
    /** Entry type of audit events in the log. */
    public static final String TYPE = "audit";

    private static final Logger LOG = LoggerFactory.getLogger(AuditRecorder.class);

    private final TransparencyLog log;

    @Activate
    public AuditRecorder(@Reference TransparencyLog log) {
        this.log = log;
    }

    @Override
    public void record(AuditEvent event) {
        recordWithReceipt(event);
    }

    /** Appends the event; its receipt id is the entry id ({@code GET /api/v1/receipts/{id}}). */
    @Override
    public Optional<String> recordWithReceipt(AuditEvent event) {
        try {
            return Optional.of(append(event).id());
        } catch (LogException e) {
            // The operation already happened; losing its record is an incident an operator must see.
            LOG.error("audit event {} on {} could not be written to the receipts log: {}", event.action(), event.target(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** Appends one event; returns the durable entry. */
    public LogEntry append(AuditEvent event) throws LogException {
        return log.append(NewEntry.of(TYPE, content(event)));
    }

    /** The JSON content of an event's entry. */
    static Map<String, Object> content(AuditEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", event.time().toString());
        m.put("actor", event.actor());
        m.put("action", event.action());
        m.put("target", event.target());
        m.put("outcome", event.outcome());
        m.put("details", event.details());
        return m;
    }
}
