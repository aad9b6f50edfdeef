package io.ccl.runtime.measure;

import io.ccl.runtime.api.measure.BundleEvent;
import io.ccl.runtime.api.measure.BundleEvent.Action;
import io.ccl.runtime.api.measure.BundleEventLog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The in-memory hash chain: {@code d(n) = SHA-384(d(n-1) || UTF-8(canonical(entry n)))}, starting
 * from {@link #base()}. It tracks the installed set as a verifier's replay would, so it can
 * compact: past {@code maxEntries} it starts a new segment whose base is the current digest and
 * whose first entries re-state the current set (INSTALLED, plus STARTED for active bundles).
 * Thread-safe; every method runs under the instance lock.
 */
public final class EventChain implements BundleEventLog {
    /** Base of a fresh chain: 48 zero bytes. */
    public static final String GENESIS = "00".repeat(48);

    /** Replay state of one bundle. */
    public record Module(long bundleId, String symbolicName, String version, String sha384, boolean active) {
    }

    private final int maxEntries;
    private final List<BundleEvent> entries = new ArrayList<>();
    private final Map<Long, Module> modules = new TreeMap<>();
    private String base = GENESIS;
    private String digest = GENESIS;
    private long seq;

    public EventChain(int maxEntries) {
        if (maxEntries < 2) {
            throw new IllegalArgumentException("maxEntries must be at least 2");
        }
        this.maxEntries = maxEntries;
    }

    /**
     * Appends an event; returns the entries appended (one, or the re-stated set after a
     * compaction), or none when the event does not change the replayed state (a duplicate).
     */
    public synchronized List<BundleEvent> append(long bundleId, Action action, String bsn, String version, String sha384,
            Instant time) {
        Module before = modules.get(bundleId);
        Module after = apply(before, bundleId, action, bsn, version, sha384);
        if (before == null ? after == null : before.equals(after)) {
            return List.of();
        }
        List<BundleEvent> added = new ArrayList<>();
        added.add(add(bundleId, action, bsn, version, sha384, time));
        if (entries.size() > maxEntries) {
            added.addAll(compact(time));
        }
        return added;
    }

    /** The replay rule shared with the verifier (see the runtime README). */
    static Module apply(Module m, long id, Action action, String bsn, String version, String sha) {
        return switch (action) {
            case INSTALLED -> m != null ? m : new Module(id, bsn, version, sha, false);
            case UPDATED -> new Module(id, bsn, version, sha, false);
            case STARTED -> new Module(id, bsn, version, sha, true);
            case STOPPED -> new Module(id, bsn, version, sha, false);
            case UNINSTALLED -> null;
        };
    }

    private BundleEvent add(long id, Action action, String bsn, String version, String sha, Instant time) {
        Instant t = Instant.ofEpochMilli(time.toEpochMilli());
        BundleEvent unsigned = new BundleEvent(seq, id, action, bsn, version, sha, t, "");
        String next = chain(digest, unsigned.canonical());
        BundleEvent e = new BundleEvent(seq++, id, action, bsn, version, sha, t, next);
        entries.add(e);
        digest = next;
        Module m = apply(modules.get(id), id, action, bsn, version, sha);
        if (m == null) {
            modules.remove(id);
        } else {
            modules.put(id, m);
        }
        return e;
    }

    private List<BundleEvent> compact(Instant time) {
        entries.clear();
        base = digest;
        List<Module> current = new ArrayList<>(modules.values());
        modules.clear();
        List<BundleEvent> added = new ArrayList<>();
        for (Module m : current) {
            added.add(add(m.bundleId(), Action.INSTALLED, m.symbolicName(), m.version(), m.sha384(), time));
            if (m.active()) {
                added.add(add(m.bundleId(), Action.STARTED, m.symbolicName(), m.version(), m.sha384(), time));
            }
        }
        return added;
    }

    /** {@code SHA-384(hex-decode(previous) || UTF-8(canonical))} as lower-case hex. */
    public static String chain(String previousHex, String canonical) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-384");
            md.update(HexFormat.of().parseHex(previousHex));
            md.update(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-384 is mandatory", e);
        }
    }

    @Override
    public synchronized String digest() {
        return digest;
    }

    @Override
    public synchronized String base() {
        return base;
    }

    @Override
    public synchronized List<BundleEvent> entries() {
        return List.copyOf(entries);
    }

    /** The current replayed set, by bundle id. */
    public synchronized List<Module> modules() {
        return List.copyOf(modules.values());
    }

    /**
     * The runtime-data members, taken atomically: {@code measurements} (the digest) and
     * {@code ccl-bundle-log} ({@code {"base": hex, "entries": [{seq, id, action, bsn, version,
     * sha384, time}]}} with {@code time} in epoch milliseconds).
     */
    public synchronized Map<String, Object> runtimeData() {
        List<Map<String, Object>> list = new ArrayList<>(entries.size());
        for (BundleEvent e : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seq", e.seq());
            m.put("id", e.bundleId());
            m.put("action", e.action().name());
            m.put("bsn", e.symbolicName());
            m.put("version", e.version());
            m.put("sha384", e.sha384());
            m.put("time", e.time().toEpochMilli());
            list.add(m);
        }
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("base", base);
        log.put("entries", list);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(BundleEventRecorder.MEASUREMENTS, digest);
        out.put(BundleEventRecorder.BUNDLE_LOG, log);
        return out;
    }
}
