package io.ccl.tee.tdx.attest;

import io.ccl.tee.tsm.Configfs;
import io.ccl.tee.tsm.TsmReports;
import java.nio.file.Path;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.condition.Condition;

/**
 * Detects a TD (configfs-tsm entries report provider {@code tdx_guest}) and then registers the OSGi condition
 * {@value #CONDITION} that the {@link TdxAttester} waits for, so the attester only exists on TDX hardware.
 */
@Component(name = "io.ccl.tee.tdx.presence", configurationPid = TdxAttester.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true, service = {})
public final class TdxPresence {
    /** The condition id registered when TDX is present. */
    public static final String CONDITION = "io.ccl.tee.tdx.present";

    private ServiceRegistration<Condition> registration;

    @Activate
    void activate(BundleContext context, TdxAttester.Config config) {
        if (new TsmReports(Path.of(config.tsm_root()), TdxAttester.PROVIDER, Configfs.kernel()).available()) {
            registration = context.registerService(Condition.class, Condition.INSTANCE,
                    new java.util.Hashtable<>(Map.of(Condition.CONDITION_ID, CONDITION)));
        }
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }
}
