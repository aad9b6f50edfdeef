package io.ccl.tee.nitro;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.condition.Condition;

/**
 * Detects a Nitro enclave (the NSM device node exists and JNA resolves) and then registers the OSGi condition
 * {@value #CONDITION_ID}, which {@link NitroAttester} waits for. Elsewhere nothing is registered and
 * no attester exists.
 */
@Component(service = {}, immediate = true, configurationPid = NitroAttester.PID)
public final class NitroPlatform {
    /** The {@code osgi.condition.id} registered when the platform is present. */
    public static final String CONDITION_ID = "io.ccl.tee.nitro.platform";

    private final ServiceRegistration<Condition> registration;

    @Activate
    public NitroPlatform(BundleContext context, NitroAttester.Config config) {
        boolean present = Files.exists(Path.of(config.device())) && jnaAvailable();
        this.registration = present ? context.registerService(Condition.class, Condition.INSTANCE,
                FrameworkUtil.asDictionary(Map.of(Condition.CONDITION_ID, CONDITION_ID))) : null;
    }

    /** JNA is an optional import: without it there is no way to reach the ioctl, so no attester. */
    private static boolean jnaAvailable() {
        try {
            Class.forName("com.sun.jna.Native", false, NitroPlatform.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
    }
}
