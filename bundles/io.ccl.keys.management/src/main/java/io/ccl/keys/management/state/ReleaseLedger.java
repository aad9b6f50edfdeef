package io.ccl.keys.management.state;

import io.ccl.keys.api.LockdownScope;
import io.ccl.keys.api.ResourcePath;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which secret versions were released to which runtime, so that a lockdown can revoke exactly
 * what the affected runtimes hold. Persisted in a {@link StateFile}; a write happens only when a
 * runtime receives a version it did not have (re-attestations that fetch the same versions cost
 * nothing). Bounded: beyond {@code maxRuntimes}, the runtime seen longest ago is forgotten (a
 * lockdown with scope {@code *} still revokes by path, see {@link #releasedPaths}).
 */
public final class ReleaseLedger {
    /** One runtime's entry; {@code lastSeen} in ISO-8601. */
    public record Entry(RuntimeIdentity identity, Set<String> releases, String lastSeen) {
        public Entry {
            releases = new TreeSet<>(releases);
        }
    }

    /** The persisted form. */
    public record Document(List<Entry> runtimes, Set<String> releasedPaths) {
    }

    private final StateFile<Document> file;
    private final int maxRuntimes;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Set<String> paths = new TreeSet<>();

    public ReleaseLedger(StateFile<Document> file, int maxRuntimes) throws IOException {
        this.file = file;
        this.maxRuntimes = maxRuntimes;
        file.read().ifPresent(doc -> {
            doc.runtimes().forEach(e -> entries.put(e.identity().runtime(), e));
            paths.addAll(doc.releasedPaths());
        });
    }

    /** Records a release; returns true when it was new (and has been made durable). */
    public synchronized boolean record(RuntimeIdentity identity, ResourcePath path, int version, Instant now)
            throws IOException {
        String release = path + "#" + version;
        Entry old = entries.get(identity.runtime());
        boolean known = old != null && old.releases().contains(release);
        Set<String> releases = new TreeSet<>(old == null ? Set.of() : old.releases());
        releases.add(release);
        entries.put(identity.runtime(), new Entry(identity, releases, now.toString()));
        paths.add(release);
        if (known) {
            return false;
        }
        while (entries.size() > maxRuntimes) {
            entries.values().stream().min(Comparator.comparing(e -> Instant.parse(e.lastSeen())))
                    .ifPresent(e -> entries.remove(e.identity().runtime()));
        }
        file.write(new Document(new ArrayList<>(entries.values()), new TreeSet<>(paths)));
        return true;
    }

    /** Every release ({@code path#version}) to runtimes the scope covers. */
    public synchronized Set<String> releasesTo(LockdownScope scope) {
        if (scope.isAll()) {
            return new TreeSet<>(paths);
        }
        Set<String> out = new TreeSet<>();
        entries.values().stream().filter(e -> e.identity().matches(scope)).forEach(e -> out.addAll(e.releases()));
        return out;
    }

    /** Whether this runtime has received anything. */
    public synchronized boolean knows(String runtime) {
        return entries.containsKey(runtime);
    }

    /** Every release ever recorded, {@code path#version}. */
    public synchronized Set<String> releasedPaths() {
        return new TreeSet<>(paths);
    }
}
