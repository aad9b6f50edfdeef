package io.ccl.tee.simulation.verify;

import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.api.TeeType;
import io.ccl.tee.simulation.abi.SimulationFormatException;
import io.ccl.tee.simulation.abi.SimulationReport;
import io.ccl.tee.simulation.install.InsecureInstallationKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies simulation evidence: format, a signature by a trusted installation key, freshness and
 * report data. The claims always carry {@code insecure: true}; policies deny it unless they
 * explicitly allow simulation (development only).
 */
@TeeType("simulation")
@Component(service = EvidenceVerifier.class, configurationPid = "io.ccl.tee.simulation.verifier",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = InsecureSimulationVerifier.Config.class)
public final class InsecureSimulationVerifier implements EvidenceVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(InsecureSimulationVerifier.class);
    /** System property naming trusted public key files (comma separated) for the no-arg constructor. */
    public static final String TRUSTED_KEYS_PROPERTY = "ccl.simulation.trusted.keys";
    private static final Duration FUTURE_SKEW = Duration.ofSeconds(30);

    @ObjectClassDefinition(name = "CCL simulation verifier (insecure)")
    public @interface Config {
        @AttributeDefinition(description = "Public key files of trusted simulation installations; "
                + "empty = this installation's own key in data.dir")
        String[] trusted_keys() default {};

        @AttributeDefinition(description = "Directory holding this installation's simulation key")
        String data_dir() default "data/simulation";

        @AttributeDefinition(description = "Maximum age of a report in seconds")
        long max_age_seconds() default 600;
    }

    private final Map<String, PublicKey> trusted;
    private final Duration maxAge;

    /** Offline verifier for the CLI: trusts the keys named by {@value #TRUSTED_KEYS_PROPERTY}, else ./data/simulation. */
    public InsecureSimulationVerifier() {
        this(keysFrom(System.getProperty(TRUSTED_KEYS_PROPERTY, ""), Path.of("data/simulation")), Duration.ofMinutes(10));
    }

    /** A verifier trusting exactly {@code keys}. */
    public InsecureSimulationVerifier(List<PublicKey> keys, Duration maxAge) {
        Map<String, PublicKey> m = new LinkedHashMap<>();
        for (PublicKey k : keys) {
            m.put(HexFormat.of().formatHex(InsecureInstallationKey.keyId(k)), k);
        }
        this.trusted = Map.copyOf(m);
        this.maxAge = maxAge;
    }

    @Activate
    public InsecureSimulationVerifier(Config config) {
        this(keysFrom(String.join(",", config.trusted_keys()), Path.of(config.data_dir())),
                Duration.ofSeconds(config.max_age_seconds()));
        LOG.warn("INSECURE simulation verifier active with {} trusted key(s): development only", trusted.size());
    }

    private static List<PublicKey> keysFrom(String files, Path dataDir) {
        List<Path> paths = new ArrayList<>();
        for (String f : files.split(",")) {
            if (!f.isBlank()) {
                paths.add(Path.of(f.trim()));
            }
        }
        if (paths.isEmpty()) {
            try {
                InsecureInstallationKey.loadOrCreate(dataDir);
            } catch (IOException | GeneralSecurityException e) {
                LOG.error("cannot create the simulation installation key in {}: {}", dataDir, e.getClass().getSimpleName());
            }
            paths.add(dataDir.resolve(InsecureInstallationKey.PUBLIC_FILE));
        }
        List<PublicKey> keys = new ArrayList<>();
        for (Path p : paths) {
            try {
                if (Files.exists(p)) {
                    keys.add(InsecureInstallationKey.readPublic(p));
                }
            } catch (IOException | GeneralSecurityException e) {
                LOG.error("ignoring unreadable simulation key file {}", p.getFileName());
            }
        }
        return keys;
    }

    @Override
    public String teeType() {
        return "simulation";
    }

    @Override
    public VerifiedClaims verify(Evidence evidence, VerificationContext context)
            throws MalformedEvidenceException, EvidenceRejectedException {
        SimulationReport report;
        try {
            report = SimulationReport.parse(evidence.payload());
        } catch (SimulationFormatException e) {
            throw new MalformedEvidenceException(e.getMessage());
        }
        String keyId = HexFormat.of().formatHex(report.keyId());
        PublicKey key = trusted.get(keyId);
        if (key == null) {
            throw new EvidenceRejectedException(RejectionReason.UNTRUSTED_ROOT,
                    "simulation report signed by an untrusted installation key", "one of " + trusted.keySet(), keyId);
        }
        checkSignature(evidence.payload(), report.signature(), key);
        Instant made = Instant.ofEpochSecond(report.timestamp());
        if (made.isAfter(context.now().plus(FUTURE_SKEW)) || made.plus(maxAge).isBefore(context.now())) {
            throw new EvidenceRejectedException(RejectionReason.STALE, "simulation report made at " + made
                    + " is not within " + maxAge + " of " + context.now(), "<= " + maxAge, made.toString());
        }
        ReportData reportData = ReportData.of(report.reportData());
        if (context.expectedReportData().isPresent() && !context.expectedReportData().get().matches(report.reportData())) {
            throw new EvidenceRejectedException(RejectionReason.REPORT_DATA_MISMATCH,
                    "report data does not carry the expected binding", context.expectedReportData().get().hex(),
                    reportData.hex());
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("insecure", true);
        claims.put("report_version", (long) report.version());
        claims.put("measurement", HexFormat.of().formatHex(report.measurement()));
        claims.put("report_data", reportData.hex());
        claims.put("debug", report.debug());
        claims.put("timestamp", made.toString());
        claims.put("key_id", keyId);
        return new VerifiedClaims(teeType(), reportData, claims);
    }

    private static void checkSignature(byte[] payload, byte[] signature, PublicKey key) throws EvidenceRejectedException {
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initVerify(key);
            s.update(payload, 0, SimulationReport.SIGNED_SIZE);
            if (s.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // An unparseable signature is a bad signature.
        }
        throw new EvidenceRejectedException(RejectionReason.BAD_SIGNATURE, "simulation report signature does not verify");
    }
}
