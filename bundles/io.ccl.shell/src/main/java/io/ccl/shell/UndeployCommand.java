package io.ccl.shell;

import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** {@code ccl:undeploy BSN}: uninstalls every bundle with that symbolic name (never the system bundle). */
@Component(service = UndeployCommand.class, property = {"osgi.command.scope=ccl", "osgi.command.function=undeploy"})
public final class UndeployCommand {
    private final BundleContext context;

    @Activate
    public UndeployCommand(BundleContext context) {
        this.context = context;
    }

    public String undeploy(String symbolicName) {
        List<String> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getBundleId() == Constants.SYSTEM_BUNDLE_ID || !symbolicName.equals(b.getSymbolicName())) {
                continue;
            }
            try {
                b.uninstall();
                out.add("undeployed " + symbolicName + " " + b.getVersion() + " (bundle " + b.getBundleId() + ")");
            } catch (BundleException | IllegalStateException | SecurityException e) {
                out.add("bundle " + b.getBundleId() + " not uninstalled: " + e.getMessage());
            }
        }
        return out.isEmpty() ? "no bundle named " + symbolicName : String.join("\n", out);
    }
}
