package io.ccl.tee.sgx.attest;

import io.ccl.tee.api.Attester;
import io.ccl.tee.api.AttesterException;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.api.TeeType;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.propertytypes.SatisfyingConditionTarget;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Produces SGX evidence inside a Gramine enclave: a DCAP quote v3 through {@code /dev/attestation}. Active only
 * when {@link SgxPresence} has detected the interface (OSGi condition {@value SgxPresence#CONDITION}).
 */
@Component(name = SgxAttester.PID, service = Attester.class, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@SatisfyingConditionTarget("(osgi.condition.id=" + SgxPresence.CONDITION + ")")
@TeeType("sgx")
@Designate(ocd = SgxAttester.Config.class)
public final class SgxAttester implements Attester {
    /** Configuration PID, shared with {@link SgxPresence}. */
    public static final String PID = "io.ccl.tee.sgx.attester";

    private volatile GramineAttestation gramine;

    /** Configuration of the SGX attester. */
    @ObjectClassDefinition(name = "CCL SGX attester", description = "Quotes through Gramine's /dev/attestation.")
    public @interface Config {
        @AttributeDefinition(description = "Gramine attestation directory.")
        String attestation_root() default "/dev/attestation";
    }

    /** An attester on {@code /dev/attestation}. */
    public SgxAttester() {
        this(Path.of("/dev/attestation"));
    }

    /** An attester on another directory (tests use a fake tree). */
    public SgxAttester(Path root) {
        this.gramine = new GramineAttestation(root);
    }

    @Activate
    @Modified
    void configure(Config config) {
        this.gramine = new GramineAttestation(Path.of(config.attestation_root()));
    }

    @Override
    public String teeType() {
        return "sgx";
    }

    @Override
    public Evidence attest(ReportData reportData) throws AttesterException {
        return new Evidence("sgx", gramine.quote(reportData.bytes()));
    }
}
