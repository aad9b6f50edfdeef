package io.ccl.tee.azure;

import io.ccl.tee.api.Attester;
import io.ccl.tee.api.TeeType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** The {@value AzSnpVtpmVerifier#TYPE} attester, active while {@link AzurePlatform} has found such a vTPM. */
@Component(service = Attester.class, configurationPid = AzureVtpmAttester.PID, property =
        "osgi.ds.satisfying.condition.target=(osgi.condition.id=" + AzurePlatform.CONDITION_PREFIX
                + AzSnpVtpmVerifier.TYPE + ")")
@TeeType(AzSnpVtpmVerifier.TYPE)
public final class AzSnpVtpmAttester extends AzureVtpmAttester {
    @Activate
    public AzSnpVtpmAttester(Config config) {
        super(AzSnpVtpmVerifier.TYPE, config);
    }
}
