package io.ccl.itests;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * Boots a real Felix in the test JVM from an assembled runtime home, exactly as bin/ccl-runtime
 * does: conf/config.properties, boot/ bundles at start level 1, bundles/ at level 2, config/ and
 * deploy/ watched by FileInstall. The working directory is the runtime home (set by surefire).
 */
final class FelixRuntime implements AutoCloseable {
    private static final Pattern VAR = Pattern.compile("\\$\\{([^}]+)}");

    final Path home;
    final int httpPort;
    final int shellPort;
    final Framework framework;

    private FelixRuntime(Path home, int httpPort, int shellPort, Framework framework) {
        this.home = home;
        this.httpPort = httpPort;
        this.shellPort = shellPort;
        this.framework = framework;
    }

    static FelixRuntime start(Path home) throws IOException, BundleException, InterruptedException {
        int http = freePort();
        int shell = freePort();
        Map<String, String> vars = Map.of("ccl.http.port", String.valueOf(http), "ccl.http.host", "127.0.0.1",
                "ccl.shell.port", String.valueOf(shell), "ccl.gosh.args", "--nointeractive");
        Properties raw = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve("conf/config.properties"))) {
            raw.load(in);
        }
        Map<String, String> props = new HashMap<>();
        for (String k : raw.stringPropertyNames()) {
            props.put(k, substitute(raw.getProperty(k), vars));
        }
        props.put(Constants.FRAMEWORK_STORAGE, home.resolve("data/felix-cache").toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        Framework fw = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(props);
        fw.init();
        List<Bundle> level1 = install(fw, home.resolve("boot"), 1);
        List<Bundle> level2 = install(fw, home.resolve("bundles"), 2);
        fw.start();
        for (Bundle b : level1) {
            b.start();
        }
        for (Bundle b : level2) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
        FrameworkStartLevel fsl = fw.adapt(FrameworkStartLevel.class);
        Object done = new Object();
        synchronized (done) {
            fsl.setStartLevel(2, e -> {
                synchronized (done) {
                    done.notifyAll();
                }
            });
            done.wait(30_000);
        }
        return new FelixRuntime(home, http, shell, fw);
    }

    /** Starts the runtime and waits up to a minute for {@code /health/enclave} to answer 200. */
    static FelixRuntime startHealthy(Path home) throws Exception {
        return startUntil(home, 200);
    }

    /** Starts the runtime and waits up to a minute for {@code /health/enclave} to answer at all. */
    static FelixRuntime startListening(Path home) throws Exception {
        return startUntil(home, -1);
    }

    private static FelixRuntime startUntil(Path home, int status) throws Exception {
        FelixRuntime runtime = start(home);
        Http http = new Http(runtime.baseUrl());
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            try {
                int answered = http.get("/health/enclave").status();
                if (status < 0 || answered == status) {
                    break;
                }
            } catch (IOException notYet) {
                // Jetty not listening yet
            }
            Thread.sleep(200);
        }
        if (status == 200) {
            runtime.awaitSettled();
        }
        return runtime;
    }

    /**
     * Waits (up to a minute) until {@code /health/enclave} has answered 200 for 1.5 s in a row: the
     * first READY of a boot can be followed by the re-attestation that the boot's own bundle events
     * schedule (500 ms debounce, MEASURED-MODULES.md), during which jobs are refused with NOT_READY.
     */
    void awaitSettled() throws Exception {
        Http http = new Http(baseUrl());
        Instant deadline = Instant.now().plusSeconds(60);
        Instant since = null;
        while (Instant.now().isBefore(deadline)) {
            boolean ok;
            try {
                ok = http.get("/health/enclave").status() == 200;
            } catch (IOException notYet) {
                ok = false;
            }
            since = ok ? (since == null ? Instant.now() : since) : null;
            if (since != null && Instant.now().isAfter(since.plusMillis(1500))) {
                return;
            }
            Thread.sleep(50);
        }
    }

    /** Bundles that are not ACTIVE (fragments excepted), with their state. */
    List<String> inactiveBundles() {
        List<String> bad = new ArrayList<>();
        for (Bundle b : framework.getBundleContext().getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (!fragment && b.getState() != Bundle.ACTIVE) {
                bad.add(b.getSymbolicName() + " state=" + b.getState());
            }
        }
        return bad;
    }

    boolean hasBundle(String symbolicName) {
        for (Bundle b : framework.getBundleContext().getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return true;
            }
        }
        return false;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    @Override
    public void close() throws Exception {
        framework.stop();
        framework.waitForStop(30_000);
    }

    private static List<Bundle> install(Framework fw, Path dir, int level) throws IOException, BundleException {
        List<Bundle> out = new ArrayList<>();
        try (Stream<Path> jars = Files.list(dir)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                Bundle b = fw.getBundleContext().installBundle(jar.toUri().toString());
                b.adapt(BundleStartLevel.class).setStartLevel(level);
                out.add(b);
            }
        }
        return out;
    }

    private static String substitute(String value, Map<String, String> vars) {
        Matcher m = VAR.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(vars.getOrDefault(m.group(1), "")));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
