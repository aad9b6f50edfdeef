package io.ccl.shell;

import io.ccl.keys.api.Actor;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyVersion;
import io.ccl.keys.api.Lockdown;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Text of the key management commands: key and lockdown renderings, the shell's {@link Actor},
 * and one-line errors {@code error: <REASON>: <message>} (never a stack trace).
 */
final class KeyText {
    /** Surface name of shell actors. */
    static final String SURFACE = "shell";

    private KeyText() {
    }

    /** {@code shell:<OS user>}; {@code shell:unknown} when the user name does not fit an actor. */
    static Actor actor() {
        try {
            return new Actor("shell:" + System.getProperty("user.name"), SURFACE);
        } catch (IllegalArgumentException | NullPointerException e) {
            return new Actor("shell:unknown", SURFACE);
        }
    }

    static String error(KeyStorageException e) {
        return error(e.reason().name(), e.getMessage());
    }

    static String error(String reason, String message) {
        String m = message == null ? "" : message.replaceAll("[\\r\\n]+", " ");
        return "error: " + reason + ": " + m;
    }

    static String usage(String synopsis) {
        return error("USAGE", synopsis);
    }

    static String purposes(KeyInfo k) {
        return k.purposes().stream().sorted().map(Enum::name).collect(Collectors.joining(","));
    }

    static String versions(KeyInfo k) {
        return k.versions().stream().map(v -> "v" + v.version() + ":" + v.state().name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(" "));
    }

    /** {@code key=value} lines of a key, then its versions as a table. */
    static String key(KeyInfo k) {
        StringBuilder b = new StringBuilder();
        Describe.line(b, "name", k.name());
        Describe.line(b, "algorithm", k.algorithm().name());
        Describe.line(b, "purposes", purposes(k));
        Describe.line(b, "latest_version", String.valueOf(k.latestVersion()));
        Table t = new Table("VERSION", "STATE", "CREATED");
        for (KeyVersion v : k.versions()) {
            t.row(v.version(), v.state().name(), v.createdAt());
        }
        return b.append(t).toString();
    }

    static String lockdown(Lockdown l) {
        StringBuilder b = new StringBuilder();
        Describe.line(b, "scope", l.scope().toString());
        Describe.line(b, "reason", l.reason());
        Describe.line(b, "actor", l.actor());
        Describe.line(b, "since", l.since().toString());
        Describe.line(b, "revoked_releases", String.valueOf(l.revokedReleases().size()));
        l.revokedReleases().forEach(r -> b.append("  ").append(r).append('\n'));
        return b.toString().stripTrailing();
    }

    static String lockdowns(List<Lockdown> list) {
        if (list.isEmpty()) {
            return "no lockdown is active";
        }
        Table t = new Table("SCOPE", "SINCE", "ACTOR", "REVOKED", "REASON");
        for (Lockdown l : list) {
            t.row(l.scope(), l.since(), l.actor(), l.revokedReleases().size(), l.reason());
        }
        return t.toString();
    }
}
