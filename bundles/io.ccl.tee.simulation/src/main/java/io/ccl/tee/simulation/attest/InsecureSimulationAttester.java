package io.ccl.tee.simulation.attest;

import io.ccl.tee.api.Attester;
import io.ccl.tee.api.AttesterException;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.api.TeeType;
import io.ccl.tee.simulation.abi.SimulationReport;
import io.ccl.tee.simulation.install.InsecureInstallationKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
import java.util.HexFormat;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A software attester that signs simulation reports with the installation key. It proves nothing
 * about hardware: memory is not encrypted and whoever reads the key file can forge evidence.
 */
@TeeType("simulation")
@Component(service = Attester.class, configurationPid = "io.ccl.tee.simulation.attester",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = InsecureSimulationAttester.Config.class)
public final class InsecureSimulationAttester implements Attester {
    private static final Logger LOG = LoggerFactory.getLogger(InsecureSimulationAttester.class);

    @ObjectClassDefinition(name = "CCL simulation attester (insecure)")
    public @interface Config {
        @AttributeDefinition(description = "Directory holding this installation's simulation key")
        String data_dir() default "data/simulation";

        @AttributeDefinition(description = "Measurement to report (96 hex digits); empty = SHA-384 of 'ccl-simulation'")
        String measurement() default "";

        @AttributeDefinition(description = "Set the debug flag in reports")
        boolean debug() default false;
    }

    private final KeyPair keys;
    private final byte[] keyId;
    private final byte[] measurement;
    private final boolean debug;
    private final Clock clock;

    @Activate
    public InsecureSimulationAttester(Config config) throws IOException, GeneralSecurityException {
        this(InsecureInstallationKey.loadOrCreate(Path.of(config.data_dir())), measurementOf(config.measurement()),
                config.debug(), Clock.systemUTC());
        LOG.warn("INSECURE simulation attester active: evidence is not rooted in hardware");
    }

    /** An attester with explicit keys, measurement and clock (tests, tools). */
    public InsecureSimulationAttester(KeyPair keys, byte[] measurement, boolean debug, Clock clock) {
        this.keys = keys;
        this.keyId = InsecureInstallationKey.keyId(keys.getPublic());
        this.measurement = measurement.clone();
        this.debug = debug;
        this.clock = clock;
    }

    /** The default measurement, or the configured hex value. */
    public static byte[] measurementOf(String hex) {
        if (hex == null || hex.isBlank()) {
            try {
                return MessageDigest.getInstance("SHA-384").digest("ccl-simulation".getBytes(StandardCharsets.UTF_8));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("SHA-384 is mandatory", e);
            }
        }
        byte[] m = HexFormat.of().parseHex(hex.trim());
        if (m.length != 48) {
            throw new IllegalArgumentException("measurement must be 48 bytes (96 hex digits)");
        }
        return m;
    }

    @Override
    public String teeType() {
        return "simulation";
    }

    @Override
    public boolean insecure() {
        return true;
    }

    @Override
    public boolean memoryEncryptionActive() {
        return false;
    }

    @Override
    public Evidence attest(ReportData reportData) throws AttesterException {
        byte[] signed = SimulationReport.signedPart(debug ? SimulationReport.FLAG_DEBUG : 0,
                clock.instant().getEpochSecond(), measurement, reportData.bytes(), keyId);
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initSign(keys.getPrivate());
            s.update(signed);
            return new Evidence(teeType(), SimulationReport.assemble(signed, s.sign()));
        } catch (GeneralSecurityException e) {
            throw new AttesterException("simulation signing failed", e);
        }
    }
}
