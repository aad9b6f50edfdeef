package io.ccl.runtime.allowlist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The runtime's local allowlist: lines {@code <sha384-hex> <bundle-symbolic-name> <version>};
 * blank lines and {@code #} comments ignored. Only the digest decides; name and version are for
 * people and for {@code ccl:modules}. A malformed line makes the whole file invalid, and an invalid
 * file allows nothing (fail closed).
 */
public final class Allowlist {
    private static final Pattern HEX384 = Pattern.compile("[0-9a-fA-F]{96}");

    private final Map<String, String> entries;

    private Allowlist(Map<String, String> entries) {
        this.entries = entries;
    }

    /** An allowlist that allows nothing. */
    public static Allowlist denyAll() {
        return new Allowlist(Map.of());
    }

    /** Parses the file's text. */
    public static Allowlist parse(String text) throws InvalidAllowlistException {
        Map<String, String> m = new TreeMap<>();
        int n = 0;
        for (String raw : text.split("\n", -1)) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length != 3 || !HEX384.matcher(f[0]).matches()) {
                throw new InvalidAllowlistException("line " + n + " is not '<sha384-hex> <bsn> <version>'");
            }
            m.put(f[0].toLowerCase(Locale.ROOT), f[1] + " " + f[2]);
        }
        return new Allowlist(Map.copyOf(m));
    }

    public static Allowlist read(Path file) throws IOException, InvalidAllowlistException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    public boolean allows(String sha384) {
        return sha384 != null && entries.containsKey(sha384.toLowerCase(Locale.ROOT));
    }

    public int size() {
        return entries.size();
    }
}
