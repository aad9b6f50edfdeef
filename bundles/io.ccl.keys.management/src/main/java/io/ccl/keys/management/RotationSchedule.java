package io.ccl.keys.management;

import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyVersion;
import io.ccl.keys.api.KeyVersionState;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Scheduled rotation periods per key, from entries {@code name=ISO-8601 duration} such as
 * {@code data-key=P30D}. A key is due when its active version is at least its period old.
 */
final class RotationSchedule {
    private static final Duration MIN_PERIOD = Duration.ofMinutes(1);

    private final Map<String, Duration> periods;

    private RotationSchedule(Map<String, Duration> periods) {
        this.periods = Map.copyOf(periods);
    }

    /**
     * Parses the configuration entries.
     *
     * @throws IllegalArgumentException on a malformed entry or a period under one minute
     */
    static RotationSchedule parse(String[] entries) {
        Map<String, Duration> periods = new LinkedHashMap<>();
        for (String entry : entries) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("rotation.schedule entry must be name=ISO-8601 duration: " + entry);
            }
            Duration period;
            try {
                period = Duration.parse(entry.substring(eq + 1).trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("rotation.schedule period is not an ISO-8601 duration: " + entry);
            }
            if (period.compareTo(MIN_PERIOD) < 0) {
                throw new IllegalArgumentException("rotation.schedule period must be at least one minute: " + entry);
            }
            periods.put(entry.substring(0, eq).trim(), period);
        }
        return new RotationSchedule(periods);
    }

    Map<String, Duration> periods() {
        return periods;
    }

    Optional<Duration> periodOf(String key) {
        return Optional.ofNullable(periods.get(key));
    }

    /** Whether {@code info}'s active version is due for rotation at {@code now}. */
    boolean due(KeyInfo info, Instant now) {
        Duration period = periods.get(info.name());
        if (period == null) {
            return false;
        }
        for (KeyVersion v : info.versions()) {
            if (v.state() == KeyVersionState.ACTIVE) {
                return !v.createdAt().plus(period).isAfter(now);
            }
        }
        return false; // no active version: revoked or retired keys are not brought back by the schedule
    }
}
