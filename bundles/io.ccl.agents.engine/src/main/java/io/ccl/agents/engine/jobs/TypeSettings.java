package io.ccl.agents.engine.jobs;

import io.ccl.agents.engine.egress.EgressPolicy;
import io.ccl.keys.api.ResourcePath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * What one agent type is granted and how much it may run (factory PID
 * {@code io.ccl.agents.type~<name>}). A type without configuration gets nothing: no secrets, no
 * egress, no models, and the engine's default pool sizes.
 *
 * @param type the agent type
 * @param configured whether a configuration exists
 * @param secrets granted secret paths
 * @param egress the egress allowlist
 * @param models granted model names, each with a pinned hex SHA-256 or empty
 * @param workers worker threads
 * @param queueSize jobs that may wait beyond the running ones
 * @param jobTimeout longest run before the job fails with TIMEOUT
 */
public record TypeSettings(String type, boolean configured, Set<ResourcePath> secrets, EgressPolicy egress,
        Map<String, Optional<String>> models, int workers, int queueSize, Duration jobTimeout) {
    /** Agent type names. */
    public static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final Pattern MODEL = Pattern.compile("([a-z0-9][a-z0-9._-]{0,63})(?:@sha256:([0-9a-f]{64}))?");

    public TypeSettings {
        secrets = Set.copyOf(secrets);
        models = Map.copyOf(models);
        if (workers < 1 || queueSize < 0) {
            throw new IllegalArgumentException("workers must be >= 1 and queue size >= 0");
        }
    }

    /** The settings of a type without configuration. */
    public static TypeSettings unconfigured(String type, EngineSettings engine) {
        return new TypeSettings(type, false, Set.of(), EgressPolicy.none(), Map.of(), engine.defaultWorkers(),
                engine.defaultQueueSize(), engine.jobTimeout());
    }

    /**
     * Settings from configuration values; 0 (or less) for a size means the engine default. Invalid
     * entries grant nothing and are reported to {@code problems} by property and index.
     */
    public static TypeSettings of(String type, String[] secrets, String[] egress, String[] models, int workers,
            int queueSize, long jobTimeoutSeconds, EngineSettings engine, Consumer<String> problems) {
        Set<ResourcePath> paths = new LinkedHashSet<>();
        if (secrets != null) {
            for (int i = 0; i < secrets.length; i++) {
                try {
                    paths.add(ResourcePath.parse(secrets[i].trim()));
                } catch (RuntimeException e) {
                    problems.accept("secrets[" + i + "] ignored: not a repo/type/tag resource path");
                }
            }
        }
        Map<String, Optional<String>> m = new LinkedHashMap<>();
        if (models != null) {
            for (int i = 0; i < models.length; i++) {
                var matcher = models[i] == null ? null : MODEL.matcher(models[i].trim());
                if (matcher == null || !matcher.matches()) {
                    problems.accept("models[" + i + "] ignored: expected NAME or NAME@sha256:HEX");
                    continue;
                }
                m.put(matcher.group(1), Optional.ofNullable(matcher.group(2)));
            }
        }
        return new TypeSettings(type, true, paths, EgressPolicy.parse(egress, problems), m,
                workers > 0 ? workers : engine.defaultWorkers(), queueSize >= 0 ? queueSize : engine.defaultQueueSize(),
                jobTimeoutSeconds > 0 ? Duration.ofSeconds(jobTimeoutSeconds) : engine.jobTimeout());
    }

    /** Granted secret paths as text, sorted. */
    public List<String> secretNames() {
        List<String> out = new ArrayList<>();
        secrets.forEach(p -> out.add(p.toString()));
        out.sort(null);
        return out;
    }

    /** Granted models as text ({@code name} or {@code name@sha256:hex}), sorted. */
    public List<String> modelNames() {
        List<String> out = new ArrayList<>();
        models.forEach((k, v) -> out.add(v.map(d -> k + "@sha256:" + d).orElse(k)));
        out.sort(null);
        return out;
    }
}
