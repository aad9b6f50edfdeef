package io.ccl.cli.assemble;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Resolves a runtime's bundle set with a real Felix framework, in process: every jar of
 * {@code boot/} and {@code bundles/} is installed, {@link FrameworkWiring#resolveBundles} is called,
 * and nothing is started, so no bundle code runs. The framework is the one the runtime launches
 * (same Felix version, default system packages of the running JVM), so what resolves here resolves
 * there.
 */
public final class BundleSetResolver {

    /** One bundle of the set, as the framework sees it. */
    public record ResolvedBundle(Path jar, String symbolicName, String version, List<String> teeTypes) {
    }

    private BundleSetResolver() {
    }

    /**
     * @param dirs directories whose {@code *.jar} files make the bundle set
     * @param storage an empty directory for the framework cache
     * @return every bundle, sorted by symbolic name
     * @throws AssemblyException naming every missing capability (namespace, filter and the bundle
     *         that needs it) when a bundle does not resolve
     */
    public static List<ResolvedBundle> resolve(List<Path> dirs, Path storage) throws AssemblyException {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toAbsolutePath().toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put("felix.log.level", "0");
        Framework fw = ServiceLoader.load(FrameworkFactory.class, BundleSetResolver.class.getClassLoader())
                .findFirst().orElseThrow(() -> new AssemblyException("no OSGi framework on the class path"))
                .newFramework(config);
        try {
            fw.init();
            BundleContext ctx = fw.getBundleContext();
            Map<Bundle, Path> installed = new HashMap<>();
            for (Path jar : jars(dirs)) {
                try {
                    installed.put(ctx.installBundle(jar.toUri().toString()), jar);
                } catch (BundleException e) {
                    throw new AssemblyException(jar.getFileName() + " cannot be installed: " + e.getMessage());
                }
            }
            fw.adapt(FrameworkWiring.class).resolveBundles(null);
            List<String> problems = problems(ctx.getBundles(), installed);
            if (!problems.isEmpty()) {
                throw new AssemblyException("the bundle set does not resolve:\n  " + String.join("\n  ", problems));
            }
            List<ResolvedBundle> out = new ArrayList<>();
            for (Map.Entry<Bundle, Path> e : installed.entrySet()) {
                Bundle b = e.getKey();
                out.add(new ResolvedBundle(e.getValue(), b.getSymbolicName(), b.getVersion().toString(), teeTypes(b)));
            }
            out.sort(Comparator.comparing(ResolvedBundle::symbolicName).thenComparing(ResolvedBundle::version));
            return out;
        } catch (BundleException e) {
            throw new AssemblyException("the OSGi framework did not start: " + e.getMessage());
        } finally {
            stop(fw);
        }
    }

    private static List<Path> jars(List<Path> dirs) throws AssemblyException {
        List<Path> out = new ArrayList<>();
        for (Path dir : dirs) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new AssemblyException("cannot list " + dir + ": " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * For each bundle left INSTALLED: every mandatory, resolve-time requirement that no bundle of
     * the set (system bundle included) can satisfy. A bundle whose requirements all have a
     * candidate failed for another reason (a provider that itself did not resolve, a uses
     * conflict), which is said as such.
     */
    private static List<String> problems(Bundle[] all, Map<Bundle, Path> installed) throws AssemblyException {
        List<BundleCapability> caps = new ArrayList<>();
        for (Bundle b : all) {
            BundleRevision r = b.adapt(BundleRevision.class);
            if (r != null) {
                caps.addAll(r.getDeclaredCapabilities(null));
            }
        }
        TreeSet<String> out = new TreeSet<>();
        for (Bundle b : all) {
            if (b.getState() != Bundle.INSTALLED) {
                continue;
            }
            String who = b.getSymbolicName() + " " + b.getVersion() + " (" + installed.get(b).getFileName() + ")";
            boolean named = false;
            for (BundleRequirement req : b.adapt(BundleRevision.class).getDeclaredRequirements(null)) {
                Map<String, String> dir = req.getDirectives();
                if (Constants.RESOLUTION_OPTIONAL.equals(dir.get(Constants.RESOLUTION_DIRECTIVE))
                        || !Constants.EFFECTIVE_RESOLVE.equals(dir.getOrDefault(Constants.EFFECTIVE_DIRECTIVE,
                                Constants.EFFECTIVE_RESOLVE))) {
                    continue;
                }
                String filter = dir.get(Constants.FILTER_DIRECTIVE);
                if (!satisfiable(req.getNamespace(), filter, caps)) {
                    out.add("missing capability " + req.getNamespace() + "; filter " + filter + " — needed by " + who);
                    named = true;
                }
            }
            if (!named) {
                out.add(who + " does not resolve although each of its requirements has a candidate"
                        + " (a provider that does not resolve, or a uses-constraint conflict)");
            }
        }
        return List.copyOf(out);
    }

    private static boolean satisfiable(String namespace, String filter, List<BundleCapability> caps)
            throws AssemblyException {
        Filter f;
        try {
            f = filter == null ? null : FrameworkUtil.createFilter(filter);
        } catch (InvalidSyntaxException e) {
            throw new AssemblyException("invalid requirement filter " + filter + ": " + e.getMessage());
        }
        for (BundleCapability c : caps) {
            if (c.getNamespace().equals(namespace) && (f == null || f.matches(c.getAttributes()))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> teeTypes(Bundle b) {
        List<String> out = new ArrayList<>();
        for (BundleCapability c : b.adapt(BundleRevision.class).getDeclaredCapabilities("ccl.tee")) {
            Object t = c.getAttributes().get("ccl.tee");
            if (t != null) {
                out.add(t.toString());
            }
        }
        return out;
    }

    private static void stop(Framework fw) {
        try {
            fw.stop();
            fw.waitForStop(10_000);
        } catch (BundleException e) {
            // Nothing was started; a failing stop leaves only the cache directory behind.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
