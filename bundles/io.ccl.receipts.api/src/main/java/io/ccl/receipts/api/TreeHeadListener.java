package io.ccl.receipts.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hears about every signed tree head a log publishes: periodically, after commits, and when one is
 * made on demand (for a receipt). Registered as a whiteboard service. Called one head at a time, in
 * publication order, from the log's publishing thread or from the thread that asked for the head;
 * must return quickly and should not throw (a throwing listener is logged and skipped).
 */
@ConsumerType
public interface TreeHeadListener {
    /** A new signed tree head. */
    void published(SignedTreeHead treeHead);
}
