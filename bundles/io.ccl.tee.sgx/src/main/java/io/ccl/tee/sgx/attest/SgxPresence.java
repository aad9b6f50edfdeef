package io.ccl.tee.sgx.attest;

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
 * Detects Gramine DCAP attestation ({@code attestation_type} is {@code dcap}) and then registers the OSGi
 * condition {@value #CONDITION} that the {@link SgxAttester} waits for.
 */
@Component(name = "io.ccl.tee.sgx.presence", configurationPid = SgxAttester.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true, service = {})
public final class SgxPresence {
    /** The condition id registered when Gramine DCAP attestation is present. */
    public static final String CONDITION = "io.ccl.tee.sgx.present";

    private ServiceRegistration<Condition> registration;

    @Activate
    void activate(BundleContext context, SgxAttester.Config config) {
        if (new GramineAttestation(Path.of(config.attestation_root())).available()) {
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
