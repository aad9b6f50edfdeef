package io.ccl.audit.api;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives audit events. Registered as a whiteboard service; emitters call every registered
 * sink. A sink must not block for long and must not throw; a sink that must not lose events
 * (the receipts log) makes {@link #record} durable before it returns.
 */
@ConsumerType
public interface AuditSink {
    void record(AuditEvent event);

    /**
     * Records an event and, when this sink issues receipts for what it records (the receipts
     * transparency log does), returns the receipt id of its durable entry.
     */
    default Optional<String> recordWithReceipt(AuditEvent event) {
        record(event);
        return Optional.empty();
    }
}
