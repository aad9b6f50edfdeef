package io.ccl.runtime.api.measure;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the bundle event log.
 *
 * @param seq position in the log, from 0
 * @param bundleId the framework's bundle id
 * @param action what happened
 * @param symbolicName the bundle's symbolic name
 * @param version the bundle's version
 * @param sha384 lower-case hex SHA-384 of the bundle's jar as read from its location
 * @param time when the runtime observed the event (millisecond precision)
 * @param digest lower-case hex chain digest after this entry:
 *     {@code SHA-384(previous digest bytes || UTF-8(canonical()))}
 */
public record BundleEvent(long seq, long bundleId, Action action, String symbolicName, String version, String sha384,
        Instant time, String digest) {
    /** Bundle life-cycle actions that are measured. */
    public enum Action { INSTALLED, UPDATED, STARTED, STOPPED, UNINSTALLED }

    public BundleEvent {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(symbolicName, "symbolicName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha384, "sha384");
        Objects.requireNonNull(time, "time");
    }

    /**
     * The canonical form hashed into the chain: {@code seq id action bsn version sha384 epochMillis},
     * single spaces, no newline. None of the fields can contain a space.
     */
    public String canonical() {
        return seq + " " + bundleId + " " + action + " " + symbolicName + " " + version + " " + sha384 + " "
                + time.toEpochMilli();
    }
}
