package io.ccl.tee.cca;

import io.ccl.tee.api.Attester;
import io.ccl.tee.api.AttesterException;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.api.TeeType;
import io.ccl.tee.cca.verify.TokenVerifier;
import io.ccl.tee.tsm.Configfs;
import io.ccl.tee.tsm.TsmReports;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The Arm CCA attester: CCA attestation tokens through Linux configfs-tsm (provider
 * {@code arm_cca_guest}); the report data becomes the 64-byte realm challenge. Evidence is the
 * token ({@code outblob}) without collateral. Active only while {@link CcaPlatform} has found
 * configfs-tsm with that provider (an OSGi condition).
 */
@Component(service = Attester.class, configurationPid = CcaAttester.PID,
        property = "osgi.ds.satisfying.condition.target=(osgi.condition.id=" + CcaPlatform.CONDITION_ID + ")")
@Designate(ocd = CcaAttester.Config.class)
@TeeType(TokenVerifier.TEE_TYPE)
public final class CcaAttester implements Attester {
    /** Configuration PID (shared with {@link CcaPlatform}). */
    public static final String PID = "io.ccl.tee.cca.attester";
    /** The configfs-tsm provider name of the Arm CCA realm guest driver. */
    public static final String PROVIDER = "arm_cca_guest";

    /** Configuration of the attester. */
    @ObjectClassDefinition(name = "CCL Arm CCA attester",
            description = "Produces Arm CCA attestation tokens through Linux configfs-tsm.")
    public @interface Config {
        @AttributeDefinition(description = "configfs-tsm report directory")
        String tsm_root() default "/sys/kernel/config/tsm/report";
    }

    private final TsmReports reports;

    @Activate
    public CcaAttester(Config config) {
        this(new TsmReports(Path.of(config.tsm_root()), PROVIDER, Configfs.kernel()));
    }

    /** An attester over the given configfs-tsm (tests use a fake kernel). */
    public CcaAttester(TsmReports reports) {
        this.reports = reports;
    }

    @Override
    public String teeType() {
        return TokenVerifier.TEE_TYPE;
    }

    @Override
    public Evidence attest(ReportData reportData) throws AttesterException {
        // The 64 bytes of report data are the realm challenge (RMM 1.0 RSI_ATTESTATION_TOKEN_INIT); no auxblob.
        return new Evidence(TokenVerifier.TEE_TYPE, reports.request(reportData.bytes()).outblob());
    }
}
