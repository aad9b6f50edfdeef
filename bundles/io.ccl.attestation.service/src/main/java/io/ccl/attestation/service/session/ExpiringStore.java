package io.ccl.attestation.service.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A bounded map whose entries expire. Entries are kept in insertion order, which is expiry order
 * because every entry of one store lives equally long, so purging only ever looks at the head.
 * Memory is bounded by the capacity whatever the request rate; all operations are short and run
 * under the store's lock.
 *
 * @param <V> value type
 */
public final class ExpiringStore<V> {
    /** A value and its expiry. */
    public record Timed<V>(V value, Instant expiresAt) {
        public Timed {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        /** True once {@code now} reached the expiry. */
        public boolean expiredAt(Instant now) {
            return !now.isBefore(expiresAt);
        }
    }

    private final int capacity;
    private final Duration grace;
    private final LinkedHashMap<String, Timed<V>> entries = new LinkedHashMap<>();

    /**
     * @param capacity the most entries held at once
     * @param grace how long an expired entry is still held (so a late caller learns "expired", not
     *     "unknown") while the store is not full
     */
    public ExpiringStore(int capacity, Duration grace) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.grace = Objects.requireNonNull(grace, "grace");
    }

    /** Adds an entry unless the store is full of live entries; returns false when it is. */
    public synchronized boolean putIfRoom(String key, V value, Instant expiresAt, Instant now) {
        purge(now.minus(grace));
        if (entries.size() >= capacity) {
            purge(now);
        }
        if (entries.size() >= capacity && !entries.containsKey(key)) {
            return false;
        }
        entries.remove(key);
        entries.put(key, new Timed<>(value, expiresAt));
        return true;
    }

    /** Adds or replaces an entry, dropping the oldest entries when the store is full. */
    public synchronized void putEvictingOldest(String key, V value, Instant expiresAt, Instant now) {
        purge(now);
        entries.remove(key);
        Iterator<Map.Entry<String, Timed<V>>> it = entries.entrySet().iterator();
        while (entries.size() >= capacity && it.hasNext()) {
            it.next();
            it.remove();
        }
        entries.put(key, new Timed<>(value, expiresAt));
    }

    /** Removes and returns an entry, expired or not: each entry can be taken once. */
    public synchronized Optional<Timed<V>> take(String key) {
        return Optional.ofNullable(entries.remove(key));
    }

    /** The value of a live entry. */
    public synchronized Optional<V> get(String key, Instant now) {
        Timed<V> t = entries.get(key);
        return t == null || t.expiredAt(now) ? Optional.empty() : Optional.of(t.value());
    }

    /** Entries held, live or within their grace period. */
    public synchronized int size() {
        return entries.size();
    }

    public synchronized void clear() {
        entries.clear();
    }

    /** Drops head entries that expired at or before {@code cutoff}. */
    private void purge(Instant cutoff) {
        Iterator<Timed<V>> it = entries.values().iterator();
        while (it.hasNext()) {
            if (!it.next().expiredAt(cutoff)) {
                return;
            }
            it.remove();
        }
    }
}
