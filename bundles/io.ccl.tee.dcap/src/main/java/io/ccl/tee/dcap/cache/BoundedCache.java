package io.ccl.tee.dcap.cache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A small thread-safe LRU map for results that are pure functions of their key (parsed certificates,
 * verified signatures, decoded collateral). Bounded so that hostile input cannot grow memory.
 */
public final class BoundedCache<K, V> {
    private final Map<K, V> map;

    public BoundedCache(int capacity) {
        this.map = new LinkedHashMap<>(Math.max(16, capacity * 2), 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized V get(K key) {
        return map.get(key);
    }

    public synchronized void put(K key, V value) {
        map.put(key, value);
    }

    /** The cached value, or the computed one (cached unless null). Computation runs outside the lock. */
    public <E extends Exception> V computeIfAbsent(K key, Loader<K, V, E> loader) throws E {
        V v = get(key);
        if (v == null) {
            v = loader.load(key);
            if (v != null) {
                put(key, v);
            }
        }
        return v;
    }

    public synchronized int size() {
        return map.size();
    }

    public synchronized void clear() {
        map.clear();
    }

    /** A computation that may throw a checked exception. */
    @FunctionalInterface
    public interface Loader<K, V, E extends Exception> {
        V load(K key) throws E;
    }

    /** Adapts a plain function. */
    public static <K, V> Loader<K, V, RuntimeException> of(Function<K, V> f) {
        return f::apply;
    }
}
