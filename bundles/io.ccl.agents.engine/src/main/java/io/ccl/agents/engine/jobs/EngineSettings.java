package io.ccl.agents.engine.jobs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Engine-wide settings (PID {@code io.ccl.agents.engine}); see the README for each.
 */
public record EngineSettings(int defaultWorkers, int defaultQueueSize, Duration jobTimeout, int jobsMax,
        Duration jobsTtl, int resultMaxBytes, long resultsMaxTotalBytes, int safeViewMaxBytes, int inputMaxChars,
        Path modelsDir, long modelMaxBytes, BreachAction breachAction, int retryAfterSeconds, Duration removalGrace,
        Duration readyWait, Duration egressConnectTimeout, Duration egressRequestTimeout) {
    public EngineSettings {
        Objects.requireNonNull(modelsDir, "modelsDir");
        Objects.requireNonNull(breachAction, "breachAction");
        if (defaultWorkers < 1 || defaultQueueSize < 0 || jobsMax < 1 || resultMaxBytes < 1 || inputMaxChars < 1
                || safeViewMaxBytes < 1 || retryAfterSeconds < 1) {
            throw new IllegalArgumentException("engine sizes must be positive (queue size may be 0)");
        }
    }

    /** Defaults, models in {@code modelsDir}. */
    public static EngineSettings defaults(Path modelsDir) {
        return new EngineSettings(2, 16, Duration.ofMinutes(5), 1000, Duration.ofHours(1), 4 << 20, 256L << 20,
                64 << 10, 32 << 20, modelsDir, 256L << 20, BreachAction.END_SESSIONS, 5, Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(60));
    }
}
