package io.ccl.audit.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives audit events. Registered as a whiteboard service; emitters call every registered
 * sink. A sink must not block for long and must not throw; a sink that must not lose events
 * (the receipts log) makes {@link #record} durable before it returns.
 */
@ConsumerType
public interface AuditSink {
    void record(AuditEvent event);
}
