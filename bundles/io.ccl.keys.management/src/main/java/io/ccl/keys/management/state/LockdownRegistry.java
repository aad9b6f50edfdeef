package io.ccl.keys.management.state;

import io.ccl.keys.api.Lockdown;
import io.ccl.keys.api.LockdownScope;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The active lockdowns, persisted in a {@link StateFile} before a lockdown or recovery takes
 * effect, so a restart of the verifier cannot lift a lockdown.
 */
public final class LockdownRegistry {
    /** The persisted form of one lockdown. */
    public record Stored(String scope, String reason, String actor, String since, List<String> revokedReleases) {
        static Stored of(Lockdown l) {
            return new Stored(l.scope().toString(), l.reason(), l.actor(), l.since().toString(), l.revokedReleases());
        }

        Lockdown lockdown() {
            return new Lockdown(LockdownScope.parse(scope), reason, actor, java.time.Instant.parse(since), revokedReleases);
        }
    }

    /** The persisted form. */
    public record Document(List<Stored> lockdowns) {
    }

    private final StateFile<Document> file;
    private volatile List<Lockdown> active;

    public LockdownRegistry(StateFile<Document> file) throws IOException {
        this.file = file;
        this.active = file.read().map(d -> d.lockdowns().stream().map(Stored::lockdown).toList()).orElse(List.of());
    }

    public List<Lockdown> active() {
        return active;
    }

    public synchronized void add(Lockdown lockdown) throws IOException {
        List<Lockdown> next = new ArrayList<>(active);
        next.add(lockdown);
        file.write(new Document(next.stream().map(Stored::of).toList()));
        active = List.copyOf(next);
    }

    /** Removes the lockdowns of exactly {@code scope}; returns them. */
    public synchronized List<Lockdown> remove(LockdownScope scope) throws IOException {
        List<Lockdown> removed = active.stream().filter(l -> l.scope().equals(scope)).toList();
        if (!removed.isEmpty()) {
            List<Lockdown> next = active.stream().filter(l -> !l.scope().equals(scope)).toList();
            file.write(new Document(next.stream().map(Stored::of).toList()));
            active = List.copyOf(next);
        }
        return removed;
    }

    /** The first active lockdown covering a runtime. */
    public Optional<Lockdown> covering(RuntimeIdentity identity) {
        return active.stream().filter(l -> identity.matches(l.scope())).findFirst();
    }
}
