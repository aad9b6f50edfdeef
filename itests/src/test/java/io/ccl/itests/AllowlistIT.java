package io.ccl.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The resolver-hook allowlist on a real Felix: with {@code config/allowlist.txt} listing exactly the
 * runtime's jars, a bundle dropped into the hot {@code deploy/} directory that is not listed is
 * installed by FileInstall but can never resolve (so it never runs code); once its digest is added
 * to the allowlist, it resolves.
 */
class AllowlistIT {
    static final String UNLISTED = "io.ccl.itest.unlisted";
    static FelixRuntime runtime;
    static Path home;
    static Path allowlist;
    static Path dropped;

    @BeforeAll
    static void boot() throws Exception {
        home = Path.of(System.getProperty("ccl.it.home"));
        Files.createDirectories(home.resolve("deploy"));
        allowlist = home.resolve("config/allowlist.txt");
        List<String> lines = new ArrayList<>();
        for (String dir : List.of("boot", "bundles")) {
            try (Stream<Path> jars = Files.list(home.resolve(dir))) {
                for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    lines.add(line(jar));
                }
            }
        }
        Files.write(allowlist, lines);
        runtime = FelixRuntime.startHealthy(home);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (runtime != null) {
                runtime.close();
            }
        } finally {
            Files.deleteIfExists(allowlist);
            if (dropped != null) {
                Files.deleteIfExists(dropped);
            }
        }
    }

    static String line(Path jar) throws Exception {
        String bsn;
        String version;
        try (JarFile f = new JarFile(jar.toFile())) {
            Attributes a = f.getManifest().getMainAttributes();
            bsn = String.valueOf(a.getValue("Bundle-SymbolicName")).split(";")[0].trim();
            version = Optional.ofNullable(a.getValue("Bundle-Version")).orElse("0.0.0");
        }
        byte[] digest = MessageDigest.getInstance("SHA-384").digest(Files.readAllBytes(jar));
        return HexFormat.of().formatHex(digest) + " " + bsn + " " + version;
    }

    static Optional<Bundle> bundle(String bsn) {
        return Stream.of(runtime.framework.getBundleContext().getBundles())
                .filter(b -> bsn.equals(b.getSymbolicName())).findFirst();
    }

    @Test
    void anUnlistedBundleInDeployNeverResolvesUntilItIsAllowed() throws Exception {
        assertEquals(List.of(), runtime.inactiveBundles(), "every listed bundle runs");
        Path jar = Files.createTempFile("unlisted", ".jar");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        m.getMainAttributes().putValue("Bundle-SymbolicName", UNLISTED);
        m.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        dropped = home.resolve("deploy/unlisted.jar");
        Files.copy(jar, dropped);

        Instant deadline = Instant.now().plusSeconds(20);
        while (bundle(UNLISTED).isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        Bundle b = bundle(UNLISTED).orElseThrow(() -> new AssertionError("FileInstall did not install the dropped jar"));
        FrameworkWiring wiring = runtime.framework.adapt(FrameworkWiring.class);
        assertFalse(wiring.resolveBundles(List.of(b)), "the hook keeps it from resolving");
        Thread.sleep(2000); // FileInstall retries starting it; it must stay unresolved
        assertEquals(Bundle.INSTALLED, b.getState(), "never RESOLVED, never ACTIVE");

        Files.write(allowlist, List.of(line(dropped)), java.nio.file.StandardOpenOption.APPEND);
        deadline = Instant.now().plusSeconds(20);
        boolean resolved = false;
        while (!resolved && Instant.now().isBefore(deadline)) {
            resolved = wiring.resolveBundles(List.of(b));
            Thread.sleep(200);
        }
        assertTrue(resolved, "allowed now, it resolves");
    }
}
