package io.ccl.tee.cca;

import io.ccl.tee.tsm.Configfs;
import io.ccl.tee.tsm.TsmReports;
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
 * Detects an Arm CCA realm (configfs-tsm whose provider is {@code arm_cca_guest}) and then
 * registers the OSGi condition {@value #CONDITION_ID}, which {@link CcaAttester} waits for. On
 * other hosts nothing is registered and no attester exists.
 */
@Component(service = {}, immediate = true, configurationPid = CcaAttester.PID)
public final class CcaPlatform {
    /** The {@code osgi.condition.id} registered when the platform is present. */
    public static final String CONDITION_ID = "io.ccl.tee.cca.platform";

    private final ServiceRegistration<Condition> registration;

    @Activate
    public CcaPlatform(BundleContext context, CcaAttester.Config config) {
        boolean present = new TsmReports(Path.of(config.tsm_root()), CcaAttester.PROVIDER, Configfs.kernel()).available();
        this.registration = present ? context.registerService(Condition.class, Condition.INSTANCE,
                FrameworkUtil.asDictionary(Map.of(Condition.CONDITION_ID, CONDITION_ID))) : null;
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
    }
}
