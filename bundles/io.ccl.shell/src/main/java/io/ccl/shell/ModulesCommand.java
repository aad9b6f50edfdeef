package io.ccl.shell;

import io.ccl.runtime.api.measure.BundleEvent;
import io.ccl.runtime.api.measure.BundleEventLog;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code ccl:modules}: every bundle with its state, the SHA-384 of its jar as the bundle event log
 * measured it, and its allowlist status ({@code allowed}, {@code DENIED}, or {@code no-allowlist}
 * when the allowlist bundle reports that no file is in force or is not installed).
 */
@Component(service = ModulesCommand.class, property = {"osgi.command.scope=ccl", "osgi.command.function=modules"})
public final class ModulesCommand {
    private final BundleContext context;
    private final BundleEventLog log;

    @Activate
    public ModulesCommand(BundleContext context, @Reference BundleEventLog log) {
        this.context = context;
        this.log = log;
    }

    public String modules() {
        Map<Long, String> digests = new HashMap<>();
        for (BundleEvent e : log.entries()) {
            digests.put(e.bundleId(), e.sha384());
        }
        Predicate<String> allowlist = allowlist();
        Table t = new Table("ID", "STATE", "BUNDLE", "VERSION", "SHA384", "ALLOWLIST");
        for (Bundle b : context.getBundles()) {
            String sha = digests.get(b.getBundleId());
            String status = b.getBundleId() == 0 ? "-" : allowlist == null ? "no-allowlist"
                    : sha != null && allowlist.test(sha) ? "allowed" : "DENIED";
            t.row(b.getBundleId(), state(b.getState()), b.getSymbolicName(), b.getVersion(), sha, status);
        }
        return t.toString();
    }

    @SuppressWarnings("unchecked")
    private Predicate<String> allowlist() {
        try {
            Collection<ServiceReference<Predicate>> refs = context.getServiceReferences(Predicate.class,
                    "(ccl.allowlist=sha384)");
            if (refs.isEmpty()) {
                return null;
            }
            Predicate<String> p = context.getService(refs.iterator().next());
            return p;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("constant filter", e);
        }
    }

    static String state(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }
}
