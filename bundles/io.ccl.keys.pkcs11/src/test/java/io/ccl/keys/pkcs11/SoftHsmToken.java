package io.ccl.keys.pkcs11;

import static org.junit.jupiter.api.Assertions.fail;

import io.ccl.keys.pkcs11.token.PinSource;
import io.ccl.keys.pkcs11.token.Pkcs11Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * A private SoftHSM2 token for one test run: the configuration file named by the
 * {@code SOFTHSM2_CONF} environment variable (set by surefire in this module's pom, because
 * SoftHSM reads it once, at {@code C_Initialize}) is written to point at a fresh token directory
 * under {@code target/softhsm-tokens/}, and one token is initialised there with
 * {@code softhsm2-util}. Tests isolate themselves by namespace, not by token.
 *
 * <p>Without SoftHSM2 the tests are skipped through a JUnit assumption naming the Debian packages
 * to install, unless {@code CCL_REQUIRE_SOFTHSM=1} (as in CI), where they fail.
 */
public final class SoftHsmToken {
    /** Label of the test token. */
    public static final String LABEL = "ccl-test";
    /** The user PIN; surefire also exports it as {@value #PIN_VARIABLE}. */
    public static final String PIN = "ccl-test-user-pin";
    /** Environment variable holding {@link #PIN} in the test JVM. */
    public static final String PIN_VARIABLE = "CCL_PKCS11_TEST_PIN";
    private static final String SO_PIN = "ccl-test-so-pin";
    private static final List<Path> LIBRARIES = List.of(Path.of("/usr/lib/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"), Path.of("/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"),
            Path.of("/usr/local/lib/softhsm/libsofthsm2.so"));
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static SoftHsmToken instance;

    private final Path library;
    private final Path configuration;
    private final Path tokenDirectory;
    private final Path pinFile;

    private SoftHsmToken(Path library, Path configuration, Path tokenDirectory, Path pinFile) {
        this.library = library;
        this.configuration = configuration;
        this.tokenDirectory = tokenDirectory;
        this.pinFile = pinFile;
    }

    /** The token of this test run, created on first use; skips or fails the test without SoftHSM2. */
    public static synchronized SoftHsmToken get() {
        if (instance == null) {
            instance = create();
        }
        return instance;
    }

    private static SoftHsmToken create() {
        Path library = LIBRARIES.stream().filter(Files::isRegularFile).findFirst().orElse(null);
        Path util = findOnPath("softhsm2-util");
        if (library == null || util == null) {
            missing("SoftHSM2 is not installed (" + (library == null ? "no libsofthsm2.so" : "no softhsm2-util")
                    + "): apt-get install softhsm2 opensc");
        }
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null || conf.isBlank()) {
            missing("SOFTHSM2_CONF is not set: run these tests through Maven (surefire sets it in this module's pom)");
        }
        try {
            Path configuration = Path.of(conf);
            Path base = configuration.getParent().getParent();
            Path tokens = base.resolve("softhsm-tokens").resolve("run-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
            Files.createDirectories(tokens);
            Files.createDirectories(configuration.getParent());
            Files.writeString(configuration, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n"
                    + "log.level = ERROR\nslots.removable = false\n", StandardCharsets.UTF_8);
            Path pinFile = configuration.getParent().resolve("user.pin");
            Files.deleteIfExists(pinFile);
            Files.createFile(pinFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(pinFile, PIN + "\n", StandardCharsets.UTF_8);
            run(configuration, util.toString(), "--init-token", "--free", "--label", LABEL, "--so-pin", SO_PIN, "--pin", PIN);
            return new SoftHsmToken(library, configuration, tokens, pinFile);
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the SoftHSM2 token", e);
        }
    }

    private static void missing(String message) {
        if ("1".equals(System.getenv("CCL_REQUIRE_SOFTHSM"))) {
            fail(message + " (CCL_REQUIRE_SOFTHSM=1)");
        }
        Assumptions.abort(message);
    }

    /** Runs a command with this run's SOFTHSM2_CONF; returns its output, failing on a non-zero exit. */
    public static String run(Path configuration, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SOFTHSM2_CONF", configuration.toString());
        Process process = builder.start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(command[0] + " failed: " + output);
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Path of an executable on PATH, or null. */
    public static Path findOnPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    public Path library() {
        return library;
    }

    public Path configuration() {
        return configuration;
    }

    public Path tokenDirectory() {
        return tokenDirectory;
    }

    public Path pinFile() {
        return pinFile;
    }

    /** A namespace no other test of this run uses. */
    public static String freshNamespace() {
        return "t" + NAMESPACES.incrementAndGet();
    }

    /** Settings for the test token, PIN from the PIN file, in {@code namespace}. */
    public Pkcs11Settings settings(String namespace) {
        return Pkcs11Settings.byLabel(library, LABEL, PinSource.file(pinFile)).withNamespace(namespace);
    }

    /** A store in a fresh namespace. */
    public Pkcs11KeyStorage newStore() throws Exception {
        return new Pkcs11KeyStorage(settings(freshNamespace()), Clock.systemUTC());
    }

    /** A store in {@code namespace}. */
    public Pkcs11KeyStorage open(String namespace) throws Exception {
        return new Pkcs11KeyStorage(settings(namespace), Clock.systemUTC());
    }

    /** The environment a child JVM needs to reach this token. */
    public Map<String, String> childEnvironment() {
        return Map.of("SOFTHSM2_CONF", configuration.toString());
    }

    /** {@code pkcs11-tool --list-objects} on the test token, with or without login; null without pkcs11-tool. */
    public String listObjects(boolean login) throws IOException {
        Path tool = findOnPath("pkcs11-tool");
        if (tool == null) {
            return null;
        }
        List<String> command = new ArrayList<>(List.of(tool.toString(), "--module", library.toString(), "--token-label", LABEL,
                "--list-objects"));
        if (login) {
            command.addAll(List.of("--login", "--pin", PIN));
        }
        return run(configuration, command.toArray(String[]::new));
    }
}
