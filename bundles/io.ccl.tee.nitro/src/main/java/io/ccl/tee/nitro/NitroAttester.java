package io.ccl.tee.nitro;

import io.ccl.tee.api.Attester;
import io.ccl.tee.api.AttesterException;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.api.TeeType;
import io.ccl.tee.nitro.nsm.LinuxNsmDevice;
import io.ccl.tee.nitro.nsm.NsmClient;
import io.ccl.tee.nitro.nsm.NsmDevice;
import io.ccl.tee.nitro.verify.DocumentVerifier;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The AWS Nitro Enclaves attester: attestation documents from the Nitro Secure Module through
 * {@code /dev/nsm}. CCL's 64-byte report data ({@code SHA-384(JCS(runtime-data))} zero-padded) is
 * placed in {@code user_data}; {@code nonce} and {@code public_key} are left out because runtime-data
 * already binds the KBS nonce and the runtime's key. Active only while {@link NitroPlatform} has
 * found the device (an OSGi condition).
 */
@Component(service = Attester.class, configurationPid = NitroAttester.PID,
        property = "osgi.ds.satisfying.condition.target=(osgi.condition.id=" + NitroPlatform.CONDITION_ID + ")")
@Designate(ocd = NitroAttester.Config.class)
@TeeType(DocumentVerifier.TEE_TYPE)
public final class NitroAttester implements Attester {
    /** Configuration PID (shared with {@link NitroPlatform}). */
    public static final String PID = "io.ccl.tee.nitro.attester";

    /** Configuration of the attester. */
    @ObjectClassDefinition(name = "CCL Nitro Enclaves attester",
            description = "Produces Nitro Enclaves attestation documents through the NSM device.")
    public @interface Config {
        @AttributeDefinition(description = "NSM device node")
        String device() default "/dev/nsm";
    }

    private final NsmClient nsm;

    @Activate
    public NitroAttester(Config config) {
        this(new LinuxNsmDevice(Path.of(config.device())));
    }

    /** An attester over the given device (tests use a fake NSM). */
    public NitroAttester(NsmDevice device) {
        this.nsm = new NsmClient(device);
    }

    @Override
    public String teeType() {
        return DocumentVerifier.TEE_TYPE;
    }

    @Override
    public Evidence attest(ReportData reportData) throws AttesterException {
        return new Evidence(DocumentVerifier.TEE_TYPE, nsm.attestation(reportData.bytes(), null, null));
    }
}
