package io.ccl.tee.sevsnp;

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
 * Detects the SEV-SNP guest platform (configfs-tsm whose provider is {@code sev_guest}) and then
 * registers the OSGi condition {@value #CONDITION_ID}, which {@link SevSnpAttester} waits for. On
 * hosts without SEV-SNP nothing is registered and no attester exists.
 */
@Component(service = {}, immediate = true, configurationPid = SevSnpAttester.PID)
public final class SevSnpPlatform {
    /** The {@code osgi.condition.id} registered when the platform is present. */
    public static final String CONDITION_ID = "io.ccl.tee.sevsnp.platform";

    private final ServiceRegistration<Condition> registration;

    @Activate
    public SevSnpPlatform(BundleContext context, SevSnpAttester.Config config) {
        boolean present = new TsmReports(Path.of(config.tsm_root()), SevSnpAttester.PROVIDER, Configfs.kernel()).available();
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
