package io.ccl.runtime.allowlist;

import java.util.Collection;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Removes from every resolve operation the bundles whose jar digest is not on the allowlist
 * (OSGi Core R8 §60.2 {@code filterResolvable}): such a bundle stays INSTALLED, so none of its
 * code can be loaded, whoever installed it. The system bundle is never filtered. With no
 * allowlist file everything resolves.
 */
final class AllowlistHook implements ResolverHookFactory, ResolverHook {
    // System.Logger, not SLF4J: this bundle starts at level 1 before SPI Fly binds the SLF4J provider,
    // and touching SLF4J that early would fix it to the no-op logger for the whole framework.
    private static final System.Logger LOG = System.getLogger(AllowlistHook.class.getName());

    private final Supplier<Optional<Allowlist>> allowlist;
    private final JarDigest digests;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    AllowlistHook(Supplier<Optional<Allowlist>> allowlist, JarDigest digests) {
        this.allowlist = allowlist;
        this.digests = digests;
    }

    @Override
    public ResolverHook begin(Collection<BundleRevision> triggers) {
        return this;
    }

    @Override
    public void filterResolvable(Collection<BundleRevision> candidates) {
        Optional<Allowlist> list = allowlist.get();
        if (list.isEmpty()) {
            return;
        }
        for (Iterator<BundleRevision> it = candidates.iterator(); it.hasNext();) {
            Bundle b = it.next().getBundle();
            if (b == null || b.getBundleId() == Constants.SYSTEM_BUNDLE_ID) {
                continue;
            }
            String sha = digests.of(b.getLocation(), b.getLastModified());
            if (!list.get().allows(sha)) {
                it.remove();
                if (warned.add(b.getLocation() + "@" + b.getLastModified())) {
                    LOG.log(System.Logger.Level.WARNING, "bundle {0} {1} (sha384 {2}) is not on the module allowlist: it will not resolve",
                            b.getSymbolicName(), b.getVersion(), sha);
                }
            }
        }
    }

    /** Allowlist status of a digest, for {@code ccl:modules}: true when allowed or when there is no allowlist. */
    boolean allows(String sha384) {
        return allowlist.get().map(a -> a.allows(sha384)).orElse(true);
    }

    @Override
    public void filterSingletonCollisions(BundleCapability singleton, Collection<BundleCapability> collisionCandidates) {
        // not restricted
    }

    @Override
    public void filterMatches(BundleRequirement requirement, Collection<BundleCapability> candidates) {
        // not restricted: a bundle that cannot resolve provides nothing
    }

    @Override
    public void end() {
        // stateless per operation
    }
}
