package io.ccl.shell;

import java.nio.file.Path;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code ccl:deploy URL|FILE}: installs and starts a bundle. Like every other deploy path it is
 * measured into the bundle event log and subject to the module allowlist: a jar that is not
 * allowlisted stays INSTALLED and the command says so.
 */
@Component(service = DeployCommand.class, property = {"osgi.command.scope=ccl", "osgi.command.function=deploy"})
public final class DeployCommand {
    private final BundleContext context;

    @Activate
    public DeployCommand(BundleContext context) {
        this.context = context;
    }

    public String deploy(String urlOrFile) {
        String location = location(urlOrFile);
        Bundle b;
        try {
            b = context.installBundle(location);
        } catch (BundleException | SecurityException e) {
            return "not installed: " + e.getMessage();
        }
        try {
            b.start();
            return "deployed " + b.getSymbolicName() + " " + b.getVersion() + " as bundle " + b.getBundleId() + " ("
                    + ModulesCommand.state(b.getState()) + ")";
        } catch (BundleException | IllegalStateException | SecurityException e) {
            return "installed " + b.getSymbolicName() + " " + b.getVersion() + " as bundle " + b.getBundleId()
                    + " but not started (" + ModulesCommand.state(b.getState()) + "): " + e.getMessage();
        }
    }

    /** A URL ({@code scheme:...}, scheme of two or more letters) as is; anything else is a file path. */
    static String location(String urlOrFile) {
        return urlOrFile.matches("[A-Za-z][A-Za-z0-9+.-]+:.*") ? urlOrFile
                : Path.of(urlOrFile).toAbsolutePath().normalize().toUri().toString();
    }
}
