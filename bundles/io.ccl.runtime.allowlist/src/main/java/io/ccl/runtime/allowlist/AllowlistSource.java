package io.ccl.runtime.allowlist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * The allowlist file, re-read when its modification time or size changes (one {@code stat} per
 * check). Absent file: {@link #current()} is empty, meaning "no allowlist, allow all" (development),
 * logged as a WARN. Unreadable or malformed file: deny all, logged as an ERROR.
 */
final class AllowlistSource {
    // System.Logger, not SLF4J: this bundle starts at level 1 before SPI Fly binds the SLF4J provider,
    // and touching SLF4J that early would fix it to the no-op logger for the whole framework.
    private static final System.Logger LOG = System.getLogger(AllowlistSource.class.getName());

    private final Path file;
    private String stamp = "";
    private Optional<Allowlist> current = Optional.empty();

    AllowlistSource(Path file) {
        this.file = file;
    }

    synchronized Optional<Allowlist> current() {
        String now;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            now = a.lastModifiedTime().toMillis() + "/" + a.size();
        } catch (IOException absent) {
            now = "absent";
        }
        if (!now.equals(stamp)) {
            stamp = now;
            current = load();
        }
        return current;
    }

    private Optional<Allowlist> load() {
        if (!Files.exists(file)) {
            LOG.log(System.Logger.Level.WARNING, "no module allowlist at {0}: every bundle may resolve (development only)", file.toAbsolutePath());
            return Optional.empty();
        }
        try {
            Allowlist a = Allowlist.read(file);
            LOG.log(System.Logger.Level.INFO, "module allowlist {0}: {1} digests", file, a.size());
            return Optional.of(a);
        } catch (IOException | InvalidAllowlistException e) {
            LOG.log(System.Logger.Level.ERROR, "module allowlist {0} rejected ({1}): no new bundle may resolve", file, e.getMessage());
            return Optional.of(Allowlist.denyAll());
        }
    }

    Path file() {
        return file;
    }
}
