package io.ccl.tee.sevsnp;

import io.ccl.tee.api.Attester;
import io.ccl.tee.api.AttesterException;
import io.ccl.tee.api.Collateral;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.api.TeeType;
import io.ccl.tee.sevsnp.verify.ReportVerifier;
import io.ccl.tee.tsm.Configfs;
import io.ccl.tee.tsm.TsmReport;
import io.ccl.tee.tsm.TsmReports;
import java.nio.file.Path;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The AMD SEV-SNP attester: reports through Linux configfs-tsm. Evidence is the
 * ATTESTATION_REPORT ({@code outblob}) with the host's certificate table ({@code auxblob}) as
 * collateral named {@code auxblob}. Active only while {@link SevSnpPlatform} has found
 * configfs-tsm with the {@code sev_guest} provider (an OSGi condition).
 */
@Component(service = Attester.class, configurationPid = SevSnpAttester.PID,
        property = "osgi.ds.satisfying.condition.target=(osgi.condition.id=" + SevSnpPlatform.CONDITION_ID + ")")
@Designate(ocd = SevSnpAttester.Config.class)
@TeeType(ReportVerifier.TEE_TYPE)
public final class SevSnpAttester implements Attester {
    /** Configuration PID (shared with {@link SevSnpPlatform}). */
    public static final String PID = "io.ccl.tee.sevsnp.attester";
    /** The configfs-tsm provider name of the SEV-SNP guest driver. */
    public static final String PROVIDER = "sev_guest";

    /** Configuration of the attester. */
    @ObjectClassDefinition(name = "CCL SEV-SNP attester",
            description = "Produces SEV-SNP attestation reports through Linux configfs-tsm.")
    public @interface Config {
        @AttributeDefinition(description = "configfs-tsm report directory")
        String tsm_root() default "/sys/kernel/config/tsm/report";
    }

    private final TsmReports reports;

    @Activate
    public SevSnpAttester(Config config) {
        this(new TsmReports(Path.of(config.tsm_root()), PROVIDER, Configfs.kernel()));
    }

    /** An attester over the given configfs-tsm (tests use a fake kernel). */
    public SevSnpAttester(TsmReports reports) {
        this.reports = reports;
    }

    @Override
    public String teeType() {
        return ReportVerifier.TEE_TYPE;
    }

    @Override
    public Evidence attest(ReportData reportData) throws AttesterException {
        // The certificate table travels in auxblob (absent or empty when the host supplies none).
        TsmReport blobs = reports.request(TsmReports.Request.of(reportData.bytes()).withAuxblob());
        List<Collateral> collateral = blobs.auxblob().length == 0 ? List.of()
                : List.of(new Collateral("auxblob", blobs.auxblob()));
        return new Evidence(ReportVerifier.TEE_TYPE, blobs.outblob(), collateral);
    }
}
