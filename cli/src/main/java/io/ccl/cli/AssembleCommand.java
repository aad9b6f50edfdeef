package io.ccl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ccl.cli.assemble.AssemblyException;
import io.ccl.cli.assemble.FeatureCatalog;
import io.ccl.cli.assemble.SiteAssembler;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ccl assemble --features A,B --config SITE_DIR --out DIST_DIR [--dev]}: a self-contained
 * runtime with the base features (framework, core, http, shell), the named ones and the features
 * they require, resolved with Felix, plus its allowlist and reference values. The source tree is
 * the system property {@code ccl.root} (set by {@code ./ccl}), else the nearest directory above
 * the working directory that holds {@code features/pom.xml}.
 */
final class AssembleCommand {
    static final Set<String> VALUED = Set.of("features", "config", "out");
    static final Set<String> FLAGS = Set.of("dev");
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Options options;
    private final Path root;

    AssembleCommand(Options options, Path root) {
        this.options = options;
        this.root = root;
    }

    int run(PrintStream out, PrintStream err) throws UsageException {
        String list = options.required("features");
        Path site = Path.of(options.required("config"));
        Path dist = Path.of(options.required("out"));
        boolean dev = options.flag("dev");
        if (!Files.isDirectory(site)) {
            throw new UsageException("--config " + site + " is not a directory");
        }
        try {
            FeatureCatalog catalog = FeatureCatalog.read(root);
            List<String> requested = new ArrayList<>();
            for (String f : list.split(",")) {
                String name = f.trim();
                if (name.isEmpty()) {
                    continue;
                }
                if (!catalog.names().contains(name)) {
                    throw new UsageException("unknown feature '" + name + "'; available: " + String.join(", ", catalog.names()));
                }
                requested.add(name);
            }
            if (!dev && requested.contains(SiteAssembler.SIMULATION)) {
                throw new UsageException("the INSECURE simulation feature needs --dev");
            }
            SiteAssembler.Result r = SiteAssembler.assemble(new SiteAssembler.Request(root, requested, dev, site, dist,
                    localRepository()));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("assembled", true);
            json.put("out", r.out().toString());
            json.put("features", r.features());
            json.put("bundles", r.bundles().size());
            json.put("teeTypes", r.teeTypes());
            json.put("measurements", r.measurements());
            json.put("allowlist", r.out().resolve("allowlist.txt").toString());
            json.put("referenceValues", r.out().resolve("reference-values.json").toString());
            print(out, json);
            return Main.VERIFIED;
        } catch (AssemblyException e) {
            err.println("ccl assemble: FAILED: " + e.getMessage());
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("assembled", false);
            json.put("detail", e.getMessage());
            print(out, json);
            return Main.REJECTED;
        }
    }

    private static void print(PrintStream out, Map<String, Object> json) {
        try {
            out.println(MAPPER.writeValueAsString(json));
        } catch (JsonProcessingException e) {
            out.println("{\"assembled\": false}");
        }
    }

    /** {@code ccl.root}, or the nearest directory above the working directory with features/pom.xml. */
    static Path sourceRoot() throws UsageException {
        String prop = System.getProperty("ccl.root");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("features/pom.xml"))) {
                return p;
            }
        }
        throw new UsageException("assemble runs in a CCL source tree (no features/pom.xml above the working directory;"
                + " set -Dccl.root)");
    }

    private static Path localRepository() {
        String prop = System.getProperty("maven.repo.local");
        return prop != null && !prop.isBlank() ? Path.of(prop)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }
}
