package io.ccl.tee.azure;

import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.tee.azure.attest.Tpm;
import io.ccl.tee.azure.attest.Tpm2Device;
import io.ccl.tee.azure.hcl.HclReport;
import io.ccl.tee.azure.tpm.TpmTransport;
import io.ccl.tee.azure.tpm.TpmException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.condition.Condition;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detects an Azure confidential VM: the TPM device exists and its NV index 0x01400001 holds an HCL
 * report (which only the Azure paravisor writes). It then registers the OSGi condition
 * {@code io.ccl.tee.azure.azsnpvtpm} or {@code io.ccl.tee.azure.aztdxvtpm}, after the report's
 * hardware type, which {@link AzSnpVtpmAttester} / {@link AzTdxVtpmAttester} wait for. On any other
 * machine (no TPM, or a TPM without that index) nothing is registered and no attester exists.
 */
@Component(service = {}, immediate = true, configurationPid = AzureVtpmAttester.PID)
@Designate(ocd = AzureVtpmAttester.Config.class)
public final class AzurePlatform {
    /** Prefix of the {@code osgi.condition.id}, followed by the TEE type. */
    public static final String CONDITION_PREFIX = "io.ccl.tee.azure.";
    private static final Logger LOG = LoggerFactory.getLogger(AzurePlatform.class);

    private final ServiceRegistration<Condition> registration;

    @Activate
    public AzurePlatform(BundleContext context, AzureVtpmAttester.Config config) {
        Optional<String> type = Optional.empty();
        String device = config.device();
        if (Files.exists(Path.of(device.startsWith("unix:") ? device.substring(5) : device))) {
            try (Tpm2Device tpm = new Tpm2Device(TpmTransport.open(device))) {
                type = detect(tpm);
            } catch (IOException e) {
                LOG.info("{} is not an Azure vTPM: {}", device, e.getMessage());
            }
        }
        this.registration = type.map(t -> context.registerService(Condition.class, Condition.INSTANCE,
                FrameworkUtil.asDictionary(Map.of(Condition.CONDITION_ID, CONDITION_PREFIX + t)))).orElse(null);
    }

    /**
     * The TEE type of the vTPM's HCL report; empty when the TPM has no such NV index (TPM_RC_HANDLE) or
     * the index does not hold an HCL report.
     */
    public static Optional<String> detect(Tpm tpm) throws IOException {
        byte[] report;
        try {
            report = tpm.nvRead(Tpm.HCL_REPORT_NV_INDEX);
        } catch (TpmException e) {
            if (e.baseCode() == 0x08B) { // TPM_RC_HANDLE: no such index, not an Azure CVM
                return Optional.empty();
            }
            throw e;
        }
        try {
            return Optional.of(HclReport.parse(report).snp() ? AzSnpVtpmVerifier.TYPE : AzTdxVtpmVerifier.TYPE);
        } catch (MalformedEvidenceException e) {
            return Optional.empty();
        }
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
    }
}
