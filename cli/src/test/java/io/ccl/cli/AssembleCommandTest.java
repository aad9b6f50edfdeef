package io.ccl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccl.cli.assemble.AssemblyException;
import io.ccl.cli.assemble.BundleSetResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

/**
 * {@code ccl assemble} on this source tree: bundles come from the reactor and the local Maven
 * repository (the cli module's test dependency on ccl-runtime-prod orders the reactor so they are
 * built first). One assembly of the brief's site is shared by the read-only checks.
 */
class AssembleCommandTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path DIST = Path.of("target/assemble-test/amd-sevsnp-vault").toAbsolutePath();
    private static final String SNAPSHOT = "-0.1.0-SNAPSHOT.jar";
    /** framework + core + http + shell + sevsnp + pkcs11 + agents (required by agents-voice) + agents-voice. */
    private static final List<String> FEATURES = List.of("framework", "core", "http", "shell", "sevsnp", "pkcs11",
            "agents", "agents-voice");
    private static final Pattern ARTIFACT_ID = Pattern.compile("<artifactId>([^<]+)</artifactId>");
    private static final Pattern VERSIONED_JAR = Pattern.compile("(.+)-\\d[^-]*(-SNAPSHOT)?\\.jar");
    private static final Set<String> EXPECTED_BOOT = Set.of("asm.jar", "asm-commons.jar", "asm-tree.jar", "asm-util.jar",
            "asm-analysis.jar", "org.apache.aries.spifly.dynamic.bundle.jar", "slf4j-api.jar", "slf4j-simple.jar");

    private static Cli.Result assembled;

    @BeforeAll
    static void assembleOnce() throws Exception {
        delete(DIST);
        assembled = assemble("--features", "sevsnp,pkcs11,agents-voice", "--config", site("amd-sevsnp-vault"),
                "--out", DIST.toString());
    }

    @Test
    void assemblesExactlyTheFeatureBundlesInTheProdLayout() throws Exception {
        assertEquals(0, assembled.code(), assembled.err());
        assertTrue(assembled.json().path("assembled").asBoolean());
        Set<String> bundles = new TreeSet<>();
        for (String n : names(DIST.resolve("bundles"))) {
            Matcher m = VERSIONED_JAR.matcher(n);
            assertTrue(m.matches(), n);
            bundles.add(m.group(1));
        }
        assertEquals(expectedBundles(), bundles);
        assertTrue(bundles.containsAll(Set.of("io.ccl.tee.sevsnp", "io.ccl.keys.pkcs11", "ipkcs11wrapper",
                "io.ccl.agents.engine", "io.ccl.agents.voice", "io.ccl.runtime", "org.apache.felix.scr")), bundles.toString());
        for (String never : List.of("io.ccl.keys.vault", "io.ccl.tee.tdx", "io.ccl.tee.sgx", "io.ccl.tee.simulation")) {
            assertFalse(bundles.contains(never), never);
        }
        assertEquals(EXPECTED_BOOT, names(DIST.resolve("boot")));
        assertEquals(Set.of("ccl-runtime", "felix.jar"), names(DIST.resolve("bin")));
        assertTrue(Files.isExecutable(DIST.resolve("bin/ccl-runtime")));
        assertEquals(Set.of("config.properties", "logging.properties"), names(DIST.resolve("conf")));
        assertTrue(Files.isDirectory(DIST.resolve("deploy")) && Files.isDirectory(DIST.resolve("data")));
        assertEquals("[\"sevsnp\"]", assembled.json().path("teeTypes").toString());
        assertEquals("[\"framework\",\"core\",\"http\",\"shell\",\"sevsnp\",\"pkcs11\",\"agents\",\"agents-voice\"]",
                assembled.json().path("features").toString());
    }

    @Test
    void copiesTheSiteConfigurationAndPoliciesOnly() throws Exception {
        Path site = Path.of(site("amd-sevsnp-vault"));
        Set<String> expected = new TreeSet<>(names(site));
        expected.remove("README.md");
        expected.remove("policy");
        expected.add("policy");
        expected.add("allowlist.txt");
        assertEquals(expected, names(DIST.resolve("config")));
        assertEquals(names(site.resolve("policy")), names(DIST.resolve("config/policy")));
        assertEquals(Files.readString(site.resolve("io.ccl.keys.vault.config")),
                Files.readString(DIST.resolve("config/io.ccl.keys.vault.config")));
    }

    @Test
    void allowlistListsEveryJarWithItsDigestAndTheMeasurementsMatch() throws Exception {
        List<String> allow = Files.readAllLines(DIST.resolve("allowlist.txt"));
        List<String> expected = new ArrayList<>();
        List<String> measured = new ArrayList<>();
        for (Path jar : jars(DIST)) {
            String digest = sha384(jar);
            try (JarFile jf = new JarFile(jar.toFile())) {
                String bsn = jf.getManifest().getMainAttributes().getValue("Bundle-SymbolicName").split(";")[0].trim();
                String version = Version.parseVersion(jf.getManifest().getMainAttributes().getValue("Bundle-Version"))
                        .toString();
                expected.add(digest + " " + bsn + " " + version);
                measured.add(bsn + " " + version + " " + digest);
            }
        }
        assertEquals(expectedBundles().size() + EXPECTED_BOOT.size(), allow.size());
        assertEquals(allow, Files.readAllLines(DIST.resolve("config/allowlist.txt")));
        List<String> sorted = new ArrayList<>(expected);
        sorted.sort(null);
        assertEquals(sorted, allow);

        // BundleMeasurement's algorithm, independently: SHA-384 over the sorted "<bsn> <version> <sha384>\n".
        measured.sort(null);
        MessageDigest md = MessageDigest.getInstance("SHA-384");
        for (String line : measured) {
            md.update((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String measurements = HexFormat.of().formatHex(md.digest());
        JsonNode ref = new ObjectMapper().readTree(DIST.resolve("reference-values.json").toFile());
        assertEquals(measurements, ref.path("bundleSetDigest").asText());
        assertEquals(allowlistDigests(), textList(ref.path("policy").path("modules").path("digests")),
                "the policy snippet allows exactly the assembled jars");
        assertEquals(measurements, assembled.json().path("measurements").asText());
        assertEquals(allow.size(), ref.path("bundles").size());
        assertEquals("[\"sevsnp\"]", ref.path("teeTypes").toString());
        assertFalse(ref.path("dev").asBoolean());
    }

    @Test
    void aMissingCapabilityFailsNamingTheRequirementAndTheBundle(@TempDir Path tmp) throws Exception {
        Path boot = copy(DIST.resolve("boot"), tmp.resolve("boot"));
        Path bundles = copy(DIST.resolve("bundles"), tmp.resolve("bundles"));
        Files.delete(bundles.resolve("ipkcs11wrapper-1.0.9.jar"));
        AssemblyException e = assertThrows(AssemblyException.class,
                () -> BundleSetResolver.resolve(List.of(boot, bundles), tmp.resolve("cache")));
        assertTrue(e.getMessage().contains("missing capability osgi.wiring.package; filter (osgi.wiring.package="
                + "org.xipki.pkcs11.wrapper") && e.getMessage().contains("needed by io.ccl.keys.pkcs11 0.1.0.SNAPSHOT"),
                e.getMessage());
        // Only the bundle that lacks the packages is blamed, once per missing package.
        List<String> missing = e.getMessage().lines().filter(l -> l.contains("missing capability")).toList();
        assertFalse(missing.isEmpty());
        assertTrue(missing.stream().allMatch(l -> l.contains("org.xipki.pkcs11.wrapper")
                && l.contains("needed by io.ccl.keys.pkcs11")), e.getMessage());
    }

    @Test
    void unknownFeatureIsAUsageErrorListingTheAvailableOnes() throws Exception {
        Cli.Result r = assemble("--features", "sevsnp,nosuch", "--config", site("amd-sevsnp-vault"), "--out",
                DIST.resolveSibling("never").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown feature 'nosuch'; available: "), r.err());
        for (String f : List.of("agents-voice", "core", "pkcs11", "sevsnp", "simulation", "tdx", "vault")) {
            assertTrue(r.err().matches("(?s).*available: .*\\b" + f + "(,|\\s).*"), f + " not listed: " + r.err());
        }
        assertFalse(Files.exists(DIST.resolveSibling("never")));
    }

    @Test
    void simulationNeedsDev(@TempDir Path tmp) throws Exception {
        Cli.Result refused = assemble("--features", "simulation", "--config", site("dev-laptop"), "--out",
                tmp.resolve("refused").toString());
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("simulation"), refused.err());
        assertFalse(Files.exists(tmp.resolve("refused")));

        Cli.Result dev = assemble("--dev", "--features", "simulation,agents-voice", "--config", site("dev-laptop"),
                "--out", tmp.resolve("dev").toString());
        assertEquals(0, dev.code(), dev.err());
        assertEquals("[\"simulation\"]", dev.json().path("teeTypes").toString());
        assertTrue(Files.exists(tmp.resolve("dev/bundles/io.ccl.tee.simulation" + SNAPSHOT)));
    }

    /** The Azure example site: the azure feature brings the sevsnp and tdx verifiers it delegates to. */
    @Test
    void azureSiteAssemblesWithTheVtpmBackend(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("azure");
        Cli.Result r = assemble("--features", "azure,vault,agents-voice", "--config", site("azure-snp-cvm"), "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        for (String b : List.of("io.ccl.tee.azure", "io.ccl.tee.sevsnp", "io.ccl.tee.tdx", "io.ccl.keys.vault")) {
            assertTrue(Files.exists(out.resolve("bundles/" + b + SNAPSHOT)), b);
        }
        assertFalse(Files.exists(out.resolve("bundles/io.ccl.tee.nitro" + SNAPSHOT)));
        assertFalse(Files.exists(out.resolve("bundles/io.ccl.tee.simulation" + SNAPSHOT)));
        assertTrue(r.json().path("teeTypes").toString().contains("azsnpvtpm"), r.json().toString());
        assertTrue(Files.readString(out.resolve("config/io.ccl.runtime.config")).contains("(ccl.tee.type=azsnpvtpm)"));
        assertTrue(Files.exists(out.resolve("config/io.ccl.tee.azure.attester.config")));
    }

    @Test
    void badSiteFileNameFailsAndLeavesNothing(@TempDir Path tmp) throws Exception {
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("io.ccl.runtime.config"), "attester.target=\"(ccl.tee.type=sevsnp)\"\n");
        Files.writeString(site.resolve("bad name.cfg"), "x=1\n");
        Cli.Result r = assemble("--features", "sevsnp", "--config", site.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("'bad name.cfg'"), r.err());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void refusesANonEmptyOutputDirectory(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("keep.txt"), "operator data");
        Cli.Result r = assemble("--features", "sevsnp", "--config", site("amd-sevsnp-vault"), "--out", tmp.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("not empty"), r.err());
        assertEquals(Set.of("keep.txt"), names(tmp));
    }

    /**
     * The artifactIds the features' POMs name (read here with a plain pattern, independently of the
     * assembler's reader), minus the boot bundles and the feature-to-feature dependencies.
     */
    private static Set<String> expectedBundles() throws IOException {
        Set<String> out = new TreeSet<>();
        for (String f : FEATURES) {
            String pom = Files.readString(ROOT.resolve("features").resolve(f).resolve("pom.xml"));
            String deps = pom.substring(pom.indexOf("<dependencies>"));
            Matcher m = ARTIFACT_ID.matcher(deps);
            while (m.find()) {
                String a = m.group(1);
                if (!a.equals("*") && !a.startsWith("ccl-feature-") && !EXPECTED_BOOT.contains(a + ".jar")) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    private static Cli.Result assemble(String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = "assemble";
        System.arraycopy(args, 0, all, 1, args.length);
        return Cli.run(all);
    }

    private static String site(String name) {
        return ROOT.resolve("config/sites").resolve(name).toString();
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static List<Path> jars(Path dist) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String d : List.of("boot", "bundles")) {
            try (Stream<Path> s = Files.list(dist.resolve(d))) {
                s.filter(p -> p.toString().endsWith(".jar")).forEach(out::add);
            }
        }
        return out;
    }

    private static String sha384(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-384");
        try (InputStream in = Files.newInputStream(file)) {
            md.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
        return to;
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static java.util.List<String> allowlistDigests() throws Exception {
        return java.nio.file.Files.readAllLines(DIST.resolve("allowlist.txt")).stream()
                .map(l -> l.substring(0, l.indexOf(' '))).distinct().toList();
    }

    private static java.util.List<String> textList(com.fasterxml.jackson.databind.JsonNode array) {
        java.util.List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
