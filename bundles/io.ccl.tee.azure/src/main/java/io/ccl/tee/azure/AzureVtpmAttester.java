package io.ccl.tee.azure;

import io.ccl.tee.api.Attester;
import io.ccl.tee.api.AttesterException;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.azure.attest.ImdsCollateral;
import io.ccl.tee.azure.attest.Tpm2Device;
import io.ccl.tee.azure.attest.VtpmAttester;
import io.ccl.tee.azure.tpm.TpmTransport;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The Azure vTPM attesters' common part: each attestation opens the TPM device, runs
 * {@link VtpmAttester} over it with the hardware collateral from IMDS, and closes the device again (the
 * kernel resource manager then flushes whatever the commands left behind). Subclassed once per TEE
 * type because the DS component's service property and condition differ.
 */
public abstract class AzureVtpmAttester implements Attester {
    /** Configuration PID of {@link AzurePlatform} and both attesters. */
    public static final String PID = "io.ccl.tee.azure.attester";

    /** Configuration of the Azure vTPM attesters. */
    @ObjectClassDefinition(name = "CCL Azure confidential VM attester",
            description = "Produces Azure vTPM evidence: HCL report, TPM quote, VCEK or TD quote from IMDS.")
    public @interface Config {
        @AttributeDefinition(description = "TPM device (the kernel resource manager), or unix:/path of a software TPM's socket")
        String device() default "/dev/tpmrm0";

        @AttributeDefinition(description = "Azure Instance Metadata Service base URL")
        String imds_url() default "http://169.254.169.254";

        @AttributeDefinition(description = "Timeout of one IMDS request, in milliseconds")
        long imds_timeout_ms() default 10_000;
    }

    private final String teeType;
    private final String device;
    private final ImdsCollateral imds;

    protected AzureVtpmAttester(String teeType, Config config) {
        this.teeType = teeType;
        this.device = config.device();
        this.imds = new ImdsCollateral(URI.create(config.imds_url()), Duration.ofMillis(config.imds_timeout_ms()));
    }

    @Override
    public final String teeType() {
        return teeType;
    }

    @Override
    public final Evidence attest(ReportData reportData) throws AttesterException {
        try (Tpm2Device tpm = new Tpm2Device(TpmTransport.open(device))) {
            return new VtpmAttester(teeType, tpm, imds).attest(reportData);
        } catch (IOException e) {
            throw new AttesterException("the TPM device " + device + " failed: " + e.getMessage(), e);
        }
    }
}
