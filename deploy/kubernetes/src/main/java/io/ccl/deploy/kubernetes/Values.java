package io.ccl.deploy.kubernetes;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The values the manifests are rendered with: {@code values.properties}, optionally overlaid by a
 * site file, then specialised for one RuntimeClass ({@code <runtimeClass>.<key>} overrides
 * {@code <key>}).
 */
public record Values(Map<String, String> entries) {
    /** The Kata confidential RuntimeClasses the build renders and the tests check. */
    public static final Set<String> RUNTIME_CLASSES =
            Set.of("kata-qemu-snp", "kata-qemu-tdx", "kata-qemu-coco-dev", "kata-cc-isolation");

    public Values {
        entries = Map.copyOf(entries);
    }

    /** Loads the defaults, then each overlay in order (later wins). */
    public static Values load(Path defaults, Path... overlays) throws IOException {
        Map<String, String> all = new TreeMap<>(read(defaults));
        for (Path overlay : overlays) {
            all.putAll(read(overlay));
        }
        return new Values(all);
    }

    private static Map<String, String> read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k).strip()));
        return m;
    }

    /** These values with {@code runtimeClass} set and its per-class overrides applied. */
    public Values forRuntimeClass(String runtimeClass) {
        if (!runtimeClass.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            throw new IllegalArgumentException("not a RuntimeClass name: " + runtimeClass);
        }
        Map<String, String> m = new TreeMap<>();
        String prefix = runtimeClass + ".";
        entries.forEach((k, v) -> {
            if (RUNTIME_CLASSES.stream().noneMatch(rc -> k.startsWith(rc + "."))) {
                m.put(k, v);
            }
        });
        entries.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                m.put(k.substring(prefix.length()), v);
            }
        });
        m.put("runtimeClass", runtimeClass);
        return new Values(m);
    }

    /** The value of {@code key}; a missing key is a build error, never an empty string. */
    public String get(String key) {
        String v = entries.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no value for '" + key + "'");
        }
        return v;
    }

    /** A copy with {@code key} set. */
    public Values with(String key, String value) {
        Map<String, String> m = new TreeMap<>(entries);
        m.put(key, value);
        return new Values(m);
    }
}
