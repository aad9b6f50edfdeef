package io.ccl.runtime.api;

import org.osgi.annotation.versioning.ConsumerType;

/** Whiteboard service told of every state change (agent engine, metrics, audit). */
@ConsumerType
public interface RuntimeListener {
    /** Called after the runtime changed state; must not block. */
    void stateChanged(RuntimeStatus previous, RuntimeStatus current);
}
