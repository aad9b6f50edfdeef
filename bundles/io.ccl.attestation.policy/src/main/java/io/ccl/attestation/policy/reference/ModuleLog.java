package io.ccl.attestation.policy.reference;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The verifier's replay of the runtime's bundle event log (runtime-data member
 * {@code ccl-bundle-log}): {@code d(n) = SHA-384(d(n-1) || UTF-8("seq id action bsn version sha384
 * epochMillis"))} from {@code base}, and the set of bundles it leaves installed. The rule is the
 * one of {@code io.ccl.runtime.measure.EventChain}; both modules test the same vector.
 */
public final class ModuleLog {
    /** Runtime-data member carrying the log. */
    public static final String MEMBER = "ccl-bundle-log";
    /** Most entries accepted in one log (the runtime compacts at 512 by default). */
    public static final int MAX_ENTRIES = 4096;

    private static final Pattern HEX384 = Pattern.compile("[0-9a-f]{96}");
    private static final Pattern TOKEN = Pattern.compile("[^\\s]{1,256}");

    /** One bundle of the replayed set. */
    public record Module(long id, String bsn, String version, String sha384, boolean active) {
    }

    /** The replay outcome: the final digest and the installed bundles by id. */
    public record Replay(String digest, Collection<Module> modules) {
    }

    private ModuleLog() {
    }

    /**
     * Replays {@code log} (the member's JSON value as maps, lists, strings and numbers).
     *
     * @throws IllegalArgumentException naming what is malformed
     */
    public static Replay replay(Object log) {
        if (!(log instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(MEMBER + " is not an object");
        }
        String digest = hex(m.get("base"), "base");
        if (!(m.get("entries") instanceof List<?> entries)) {
            throw new IllegalArgumentException(MEMBER + ".entries is not a list");
        }
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException(MEMBER + " has " + entries.size() + " entries, at most " + MAX_ENTRIES);
        }
        Map<Long, Module> set = new TreeMap<>();
        for (Object o : entries) {
            if (!(o instanceof Map<?, ?> e)) {
                throw new IllegalArgumentException(MEMBER + " entry is not an object");
            }
            long seq = number(e.get("seq"), "seq");
            long id = number(e.get("id"), "id");
            String action = token(e.get("action"), "action");
            String bsn = token(e.get("bsn"), "bsn");
            String version = token(e.get("version"), "version");
            String sha = token(e.get("sha384"), "sha384");
            long time = number(e.get("time"), "time");
            digest = chain(digest, seq + " " + id + " " + action + " " + bsn + " " + version + " " + sha + " " + time);
            Module before = set.get(id);
            Module after = switch (action) {
                case "INSTALLED" -> before != null ? before : new Module(id, bsn, version, sha, false);
                case "UPDATED", "STOPPED" -> new Module(id, bsn, version, sha, false);
                case "STARTED" -> new Module(id, bsn, version, sha, true);
                case "UNINSTALLED" -> null;
                default -> throw new IllegalArgumentException(MEMBER + " entry " + seq + " has unknown action");
            };
            if (after == null) {
                set.remove(id);
            } else {
                set.put(id, after);
            }
        }
        return new Replay(digest, List.copyOf(set.values()));
    }

    static String chain(String previousHex, String canonical) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-384");
            md.update(HexFormat.of().parseHex(previousHex));
            md.update(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-384 is mandatory", e);
        }
    }

    private static String hex(Object v, String name) {
        if (v instanceof String s && HEX384.matcher(s).matches()) {
            return s;
        }
        throw new IllegalArgumentException(MEMBER + "." + name + " is not 96 lower-case hex digits");
    }

    private static String token(Object v, String name) {
        return Optional.ofNullable(v).filter(String.class::isInstance).map(String.class::cast)
                .filter(s -> TOKEN.matcher(s).matches())
                .orElseThrow(() -> new IllegalArgumentException(MEMBER + " entry member " + name + " is malformed"));
    }

    private static long number(Object v, String name) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof java.math.BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        throw new IllegalArgumentException(MEMBER + " entry member " + name + " is not an integer");
    }
}
