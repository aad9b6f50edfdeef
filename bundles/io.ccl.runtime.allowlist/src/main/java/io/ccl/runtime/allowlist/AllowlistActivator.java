package io.ccl.runtime.allowlist;

import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;
import java.util.function.Predicate;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;

/**
 * Registers the {@link AllowlistHook} and, for the shell, a {@code Predicate<String>} over SHA-384
 * hex (service property {@code ccl.allowlist=sha384}; {@code ccl.allowlist.file} names the file).
 * The file is the framework property {@code ccl.allowlist.file}, default {@code config/allowlist.txt}
 * relative to the working directory (the runtime home).
 */
public final class AllowlistActivator implements BundleActivator {
    /** Framework property naming the allowlist file. */
    public static final String FILE_PROPERTY = "ccl.allowlist.file";

    private ServiceRegistration<ResolverHookFactory> hook;
    private ServiceRegistration<?> predicate;

    @Override
    public void start(BundleContext context) {
        String name = Optional.ofNullable(context.getProperty(FILE_PROPERTY)).filter(s -> !s.isBlank())
                .orElse("config/allowlist.txt");
        AllowlistSource source = new AllowlistSource(Path.of(name));
        AllowlistHook h = new AllowlistHook(source::current, new JarDigest());
        source.current();
        hook = context.registerService(ResolverHookFactory.class, h, null);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("ccl.allowlist", "sha384");
        props.put("ccl.allowlist.file", source.file().toString());
        Predicate<String> allows = h::allows;
        predicate = context.registerService(Predicate.class.getName(), allows, props);
    }

    @Override
    public void stop(BundleContext context) {
        if (predicate != null) {
            predicate.unregister();
        }
        if (hook != null) {
            hook.unregister();
        }
    }
}
