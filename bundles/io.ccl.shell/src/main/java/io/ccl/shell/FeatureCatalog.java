package io.ccl.shell;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The features an assembly knows ({@code conf/features.properties}, written from {@code features/*}
 * at build time) judged against the bundles present at run time.
 *
 * <p>A feature lists Maven artifact ids. A bundle is one of them when its symbolic name is the
 * artifact id (the CCL rule, and Felix's own bundles) or its jar is named {@code <artifactId>.jar} or
 * {@code <artifactId>-<digit>…jar} (third-party bundles whose symbolic names differ, e.g. Jackson).
 * A feature is {@code installed} when every artifact has a bundle that is ACTIVE (a fragment: RESOLVED),
 * {@code partial} when some but not all do or a present bundle is not running, {@code available} when
 * none of its bundles is present. Needed features ({@code feature:NAME}) do not change the state; a
 * needed feature that is not installed is listed under what is missing.
 */
final class FeatureCatalog {
    enum State { INSTALLED, PARTIAL, AVAILABLE }

    /** One bundle of the framework, as far as this catalog cares. */
    record Present(String symbolicName, String location, boolean running) {
    }

    record Feature(String name, State state, int present, int total, List<String> missing) {
    }

    private final Map<String, List<String>> features;

    FeatureCatalog(Map<String, List<String>> features) {
        this.features = new TreeMap<>(features);
    }

    static FeatureCatalog read(Reader in) throws IOException {
        Properties p = new Properties();
        p.load(in);
        Map<String, List<String>> features = new LinkedHashMap<>();
        for (String name : p.stringPropertyNames()) {
            List<String> items = new ArrayList<>();
            for (String item : p.getProperty(name).split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
            features.put(name.trim(), items);
        }
        return new FeatureCatalog(features);
    }

    List<Feature> judge(List<Present> bundles) {
        Map<String, Feature> own = new TreeMap<>();
        for (Map.Entry<String, List<String>> f : features.entrySet()) {
            int present = 0;
            int running = 0;
            int total = 0;
            List<String> missing = new ArrayList<>();
            for (String artifact : f.getValue()) {
                if (artifact.startsWith("feature:")) {
                    continue;
                }
                total++;
                List<Present> matches = bundles.stream().filter(b -> matches(b, artifact)).toList();
                if (matches.isEmpty()) {
                    missing.add(artifact);
                } else {
                    present++;
                    if (matches.stream().anyMatch(Present::running)) {
                        running++;
                    } else {
                        missing.add(artifact + " (not running)");
                    }
                }
            }
            State state = present == 0 && total > 0 ? State.AVAILABLE
                    : running == total ? State.INSTALLED : State.PARTIAL;
            own.put(f.getKey(), new Feature(f.getKey(), state, running, total, missing));
        }
        List<Feature> out = new ArrayList<>();
        for (Feature f : own.values()) {
            List<String> missing = new ArrayList<>(f.missing());
            for (String item : features.get(f.name())) {
                if (item.startsWith("feature:")) {
                    String needed = item.substring("feature:".length());
                    Feature n = own.get(needed);
                    if (n == null || n.state() != State.INSTALLED) {
                        missing.add(item + (n == null ? " (unknown)" : " (" + n.state().name().toLowerCase() + ")"));
                    }
                }
            }
            out.add(new Feature(f.name(), f.state(), f.present(), f.total(), List.copyOf(missing)));
        }
        return out;
    }

    static boolean matches(Present b, String artifact) {
        if (artifact.equals(b.symbolicName())) {
            return true;
        }
        String location = b.location() == null ? "" : b.location();
        String file = location.substring(location.lastIndexOf('/') + 1);
        if (file.equals(artifact + ".jar")) {
            return true;
        }
        return file.endsWith(".jar") && file.length() > artifact.length() + 1 && file.startsWith(artifact + "-")
                && Character.isDigit(file.charAt(artifact.length() + 1));
    }
}
