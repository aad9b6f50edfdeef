package io.ccl.tee.tdx.attest;

import io.ccl.tee.api.Attester;
import io.ccl.tee.api.AttesterException;
import io.ccl.tee.api.Collateral;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.api.TeeType;
import io.ccl.tee.tsm.Configfs;
import io.ccl.tee.tsm.TsmReports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.propertytypes.SatisfyingConditionTarget;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Produces TDX evidence inside a TD: a DCAP quote through configfs-tsm (provider {@code tdx_guest}) plus, when the
 * firmware exposes it, the CC event log (ACPI CCEL table and log area) as collateral {@code ccel_table} and
 * {@code ccel_data}. Active only when {@link TdxPresence} has detected the interface (OSGi condition
 * {@value TdxPresence#CONDITION}).
 */
@Component(name = TdxAttester.PID, service = Attester.class, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@SatisfyingConditionTarget("(osgi.condition.id=" + TdxPresence.CONDITION + ")")
@TeeType("tdx")
@Designate(ocd = TdxAttester.Config.class)
public final class TdxAttester implements Attester {
    /** Configuration PID, shared with {@link TdxPresence}. */
    public static final String PID = "io.ccl.tee.tdx.attester";
    static final String PROVIDER = "tdx_guest";

    private volatile TsmReports tsm;
    private volatile Path ccelTable;
    private volatile Path ccelData;

    /** Configuration of the TDX attester. */
    @ObjectClassDefinition(name = "CCL TDX attester", description = "Quotes through Linux configfs-tsm.")
    public @interface Config {
        @AttributeDefinition(description = "configfs-tsm report directory.")
        String tsm_root() default "/sys/kernel/config/tsm/report";

        @AttributeDefinition(description = "ACPI CCEL table (empty: do not attach the event log).")
        String ccel_table() default "/sys/firmware/acpi/tables/CCEL";

        @AttributeDefinition(description = "CC event log area.")
        String ccel_data() default "/sys/firmware/acpi/tables/data/CCEL";
    }

    /** An attester with the default paths. */
    public TdxAttester() {
        this(Path.of("/sys/kernel/config/tsm/report"), Path.of("/sys/firmware/acpi/tables/CCEL"),
                Path.of("/sys/firmware/acpi/tables/data/CCEL"), Configfs.kernel());
    }

    /** An attester over explicit paths; {@code fs} drives configfs-tsm (a fake kernel in tests). */
    public TdxAttester(Path tsmRoot, Path ccelTable, Path ccelData, Configfs fs) {
        this.tsm = new TsmReports(tsmRoot, PROVIDER, fs);
        this.ccelTable = ccelTable;
        this.ccelData = ccelData;
    }

    @Activate
    @Modified
    void configure(Config config) {
        this.tsm = new TsmReports(Path.of(config.tsm_root()), PROVIDER, Configfs.kernel());
        this.ccelTable = config.ccel_table().isBlank() ? null : Path.of(config.ccel_table());
        this.ccelData = config.ccel_data().isBlank() ? null : Path.of(config.ccel_data());
    }

    @Override
    public String teeType() {
        return "tdx";
    }

    @Override
    public Evidence attest(ReportData reportData) throws AttesterException {
        byte[] quote = tsm.request(reportData.bytes()).outblob();
        List<Collateral> collateral = new ArrayList<>();
        if (ccelTable != null && ccelData != null && Files.isReadable(ccelTable) && Files.isReadable(ccelData)) {
            try {
                collateral.add(new Collateral("ccel_table", Files.readAllBytes(ccelTable)));
                collateral.add(new Collateral("ccel_data", Files.readAllBytes(ccelData)));
            } catch (IOException e) {
                throw new AttesterException("cannot read the CC event log: " + e.getMessage(), e);
            }
        }
        return new Evidence("tdx", quote, collateral);
    }
}
