package io.ccl.cli.assemble;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ccl.cli.assemble.BundleSetResolver.ResolvedBundle;
import io.ccl.cli.assemble.FeatureCatalog.Artifact;
import io.ccl.cli.assemble.FeatureCatalog.Feature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds a self-contained runtime directory from a feature set and a site directory, in the layout
 * of {@code runtime-assembly/prod}: {@code bin/} (launcher script, {@code felix.jar}),
 * {@code conf/}, {@code boot/} (start level 1: logging and the service-loader mediator),
 * {@code bundles/}, {@code config/} (the site's files), {@code deploy/}, {@code data/}. The bundle
 * set is resolved with Felix before anything is declared done; then {@code allowlist.txt} and
 * {@code reference-values.json} are written at the top of the directory, and the allowlist also as
 * {@code config/allowlist.txt}, the file the runtime's allowlist resolver hook enforces.
 */
public final class SiteAssembler {
    /** Features every runtime has. */
    public static final List<String> BASE = List.of("framework", "core", "http", "shell");
    /** The INSECURE software TEE: only with {@code dev}. */
    public static final String SIMULATION = "simulation";
    /**
     * Artifacts that go to {@code boot/} without a version in the file name, because
     * {@code conf/config.properties} starts them by name at start level 1 (the same list as the
     * boot-bundles execution of {@code runtime-assembly/pom.xml}).
     */
    static final Set<String> BOOT = Set.of("org.apache.aries.spifly.dynamic.bundle", "asm", "asm-commons", "asm-tree",
            "asm-util", "asm-analysis", "slf4j-api", "slf4j-simple");
    static final String MEASUREMENTS_ALGORITHM = "SHA-384 over the sorted lines '<symbolic-name> <version> "
            + "<sha384-of-jar>\\n' of every bundle of boot/ and bundles/; an identity of the set, not the runtime's "
            + "event-log measurements (appraise those with policy.modules.digests)";
    private static final Pattern CONFIG_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*\\.(config|cfg)");
    private static final Pattern POLICY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*\\.json");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param root the source tree (features/, runtime-assembly/src/dist, bundles/*\/target)
     * @param features requested feature names (the base features are always added)
     * @param dev whether the simulation feature is allowed
     * @param site directory of {@code *.config|*.cfg} files and {@code policy/*.json}
     * @param out the runtime directory to create (absent or empty)
     * @param localRepository the local Maven repository
     */
    public record Request(Path root, List<String> features, boolean dev, Path site, Path out, Path localRepository) {
    }

    /** What was assembled. */
    public record Result(Path out, List<String> features, List<ResolvedBundle> bundles, String measurements,
            List<String> teeTypes) {
    }

    private SiteAssembler() {
    }

    /** The features of the request with the base ones and every required feature, checked. */
    public static List<Feature> features(FeatureCatalog catalog, List<String> requested, boolean dev)
            throws AssemblyException {
        List<String> names = new ArrayList<>(BASE);
        names.addAll(requested);
        List<Feature> closure = catalog.closure(names);
        if (!dev && closure.stream().anyMatch(f -> f.name().equals(SIMULATION))) {
            throw new AssemblyException("the INSECURE simulation feature is refused without --dev");
        }
        return closure;
    }

    /** Assembles; on failure nothing is left in {@code out} that this call created. */
    public static Result assemble(Request req) throws AssemblyException {
        FeatureCatalog catalog = FeatureCatalog.read(req.root());
        List<Feature> features = features(catalog, req.features(), req.dev());
        Map<String, Artifact> artifacts = artifacts(features);
        checkSite(req.site());
        Path out = req.out().toAbsolutePath().normalize();
        boolean created = prepareOut(out);
        try {
            return build(req, catalog, features, artifacts, out);
        } catch (AssemblyException | RuntimeException e) {
            if (created) {
                deleteTree(out);
            }
            throw e;
        }
    }

    private static Result build(Request req, FeatureCatalog catalog, List<Feature> features, Map<String, Artifact> artifacts, Path out)
            throws AssemblyException {
        ArtifactLocator locator = new ArtifactLocator(req.root(), req.localRepository());
        Path dist = req.root().resolve("runtime-assembly/src/dist");
        try {
            copyTree(dist, out);
            Path launcher = out.resolve("bin/ccl-runtime");
            if (Files.exists(launcher)) {
                launcher.toFile().setExecutable(true, false);
            }
            Files.copy(locator.locate(catalog.managed("org.apache.felix", "org.apache.felix.main")),
                    out.resolve("bin/felix.jar"), StandardCopyOption.REPLACE_EXISTING);
            Files.createDirectories(out.resolve("boot"));
            Files.createDirectories(out.resolve("bundles"));
            for (Artifact a : artifacts.values()) {
                Path jar = locator.locate(a);
                String name = BOOT.contains(a.artifactId()) ? "boot/" + a.artifactId() + ".jar"
                        : "bundles/" + a.artifactId() + "-" + a.version() + ".jar";
                Files.copy(jar, out.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
            copySite(req.site(), out.resolve("config"));
            Files.createDirectories(out.resolve("deploy"));
            Files.createDirectories(out.resolve("data"));
        } catch (IOException e) {
            throw new AssemblyException("cannot write " + out + ": " + e.getMessage());
        }
        List<ResolvedBundle> bundles = resolve(out);
        List<String> tees = new ArrayList<>(new TreeSet<>(bundles.stream().flatMap(b -> b.teeTypes().stream()).toList()));
        if (!req.dev() && tees.contains(SIMULATION)) {
            throw new AssemblyException("a bundle provides the INSECURE simulation TEE; refused without --dev");
        }
        List<String> names = features.stream().map(Feature::name).toList();
        String measurements = writeOutputs(out, names, bundles, tees, req.dev());
        return new Result(out, names, bundles, measurements, tees);
    }

    private static List<ResolvedBundle> resolve(Path out) throws AssemblyException {
        Path storage = null;
        try {
            storage = Files.createTempDirectory("ccl-assemble-felix");
            return BundleSetResolver.resolve(List.of(out.resolve("boot"), out.resolve("bundles")), storage);
        } catch (IOException e) {
            throw new AssemblyException("cannot create a framework cache directory: " + e.getMessage());
        } finally {
            if (storage != null) {
                deleteTree(storage);
            }
        }
    }

    /** One artifact per groupId:artifactId; two features naming different versions is an error. */
    private static Map<String, Artifact> artifacts(List<Feature> features) throws AssemblyException {
        Map<String, Artifact> out = new LinkedHashMap<>();
        for (Feature f : features) {
            for (Artifact a : f.bundles()) {
                Artifact prev = out.putIfAbsent(a.groupId() + ":" + a.artifactId(), a);
                if (prev != null && !prev.version().equals(a.version())) {
                    throw new AssemblyException("two versions of " + a.groupId() + ":" + a.artifactId() + ": "
                            + prev.version() + " and " + a.version() + " (feature " + f.name() + ")");
                }
            }
        }
        return out;
    }

    /** Writes allowlist.txt and reference-values.json; returns the measurements digest. */
    private static String writeOutputs(Path out, List<String> features, List<ResolvedBundle> bundles,
            List<String> tees, boolean dev) throws AssemblyException {
        List<String> allow = new ArrayList<>();
        List<String> measured = new ArrayList<>();
        List<Map<String, Object>> listed = new ArrayList<>();
        for (ResolvedBundle b : bundles) {
            String digest = sha384(b.jar());
            allow.add(digest + " " + b.symbolicName() + " " + b.version());
            measured.add(b.symbolicName() + " " + b.version() + " " + digest);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("symbolicName", b.symbolicName());
            m.put("version", b.version());
            m.put("sha384", digest);
            m.put("file", out.relativize(b.jar()).toString());
            listed.add(m);
        }
        allow.sort(null);
        String measurements = measurements(measured);
        List<String> digests = allow.stream().map(line -> line.substring(0, line.indexOf(' '))).distinct().toList();
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("format", "ccl-reference-values/1");
        ref.put("features", features);
        ref.put("dev", dev);
        ref.put("teeTypes", tees);
        // The identity of the assembled bundle set. The runtime's own runtime-data `measurements` is the
        // digest of its hash-chained bundle event log (with times), which cannot be known in advance;
        // the verifier appraises the replayed log against the allowed bundle digests below instead.
        ref.put("bundleSetDigest", measurements);
        ref.put("bundleSetDigestAlgorithm", MEASUREMENTS_ALGORITHM);
        // The shape of the appraisal policy's `modules` member, ready to merge into config/policy/*.json.
        ref.put("policy", Map.of("modules", Map.of("digests", digests)));
        ref.put("bundles", listed);
        try {
            Files.write(out.resolve("allowlist.txt"), allow, StandardCharsets.UTF_8);
            // Where io.ccl.runtime.allowlist reads it by default (framework property ccl.allowlist.file).
            Files.write(out.resolve("config/allowlist.txt"), allow, StandardCharsets.UTF_8);
            JSON.writeValue(out.resolve("reference-values.json").toFile(), ref);
        } catch (IOException e) {
            throw new AssemblyException("cannot write the allowlist or reference values: " + e.getMessage());
        }
        return measurements;
    }

    /** The runtime's {@code measurements} value for these {@code <bsn> <version> <sha384>} lines. */
    public static String measurements(List<String> lines) {
        List<String> sorted = new ArrayList<>(lines);
        sorted.sort(null);
        MessageDigest md = sha384();
        for (String line : sorted) {
            md.update((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Hex SHA-384 of a file. */
    public static String sha384(Path file) throws AssemblyException {
        MessageDigest md = sha384();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new AssemblyException("cannot read " + file + ": " + e.getMessage());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha384() {
        try {
            return MessageDigest.getInstance("SHA-384");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-384 is mandatory", e);
        }
    }

    /** The site directory exists and holds only well-named configuration and policy files. */
    static void checkSite(Path site) throws AssemblyException {
        if (!Files.isDirectory(site)) {
            throw new AssemblyException("site directory " + site + " does not exist");
        }
        if (siteFiles(site).isEmpty()) {
            throw new AssemblyException("site directory " + site + " holds no *.config or *.cfg file");
        }
    }

    /** Files to copy: relative target name → source. Bad names are errors, not skipped. */
    private static Map<String, Path> siteFiles(Path site) throws AssemblyException {
        Map<String, Path> out = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(site)) {
            for (Path p : s.sorted().toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(".config") || n.endsWith(".cfg")) {
                    out.put(checkName(p, CONFIG_NAME), p);
                }
            }
            Path policy = site.resolve("policy");
            if (Files.isDirectory(policy)) {
                try (Stream<Path> ps = Files.list(policy)) {
                    for (Path p : ps.sorted().toList()) {
                        if (p.getFileName().toString().endsWith(".json")) {
                            out.put("policy/" + checkName(p, POLICY_NAME), p);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new AssemblyException("cannot read the site directory " + site + ": " + e.getMessage());
        }
        return out;
    }

    private static String checkName(Path p, Pattern pattern) throws AssemblyException {
        String n = p.getFileName().toString();
        if (!pattern.matcher(n).matches()) {
            throw new AssemblyException("site file name '" + n + "' is not allowed (expected " + pattern + ")");
        }
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new AssemblyException("site file " + p + " is not a regular file");
        }
        return n;
    }

    private static void copySite(Path site, Path config) throws IOException, AssemblyException {
        Files.createDirectories(config.resolve("policy"));
        for (Map.Entry<String, Path> e : siteFiles(site).entrySet()) {
            Files.copy(e.getValue(), config.resolve(e.getKey()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Creates {@code out}, or accepts it empty; returns whether it was created here. */
    private static boolean prepareOut(Path out) throws AssemblyException {
        try {
            if (Files.exists(out)) {
                try (Stream<Path> s = Files.list(out)) {
                    if (s.findAny().isPresent()) {
                        throw new AssemblyException("output directory " + out + " exists and is not empty");
                    }
                }
                return false;
            }
            Files.createDirectories(out);
            return true;
        } catch (IOException e) {
            throw new AssemblyException("cannot create " + out + ": " + e.getMessage());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // Best effort: a half-deleted output is reported by the next run as not empty.
        }
    }
}
