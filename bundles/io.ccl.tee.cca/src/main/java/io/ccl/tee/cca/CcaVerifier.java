package io.ccl.tee.cca;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.TeeType;
import io.ccl.tee.cca.verify.PlatformKey;
import io.ccl.tee.cca.verify.PlatformKeys;
import io.ccl.tee.cca.verify.TokenVerifier;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The Arm CCA evidence verifier. As a DS component it is configured through PID {@value #PID};
 * through {@link java.util.ServiceLoader} (the offline CLI) the no-argument constructor trusts
 * the CPAK files named by the system property {@value #KEYS_PROPERTY} (separated by the path
 * separator or commas) plus key files the caller passes as context collateral.
 */
@Component(service = EvidenceVerifier.class, configurationPid = CcaVerifier.PID)
@Designate(ocd = CcaVerifier.Config.class)
@TeeType(TokenVerifier.TEE_TYPE)
public final class CcaVerifier implements EvidenceVerifier {
    /** Configuration PID. */
    public static final String PID = "io.ccl.tee.cca.verifier";
    /** System property naming CPAK files for the no-argument constructor. */
    public static final String KEYS_PROPERTY = "io.ccl.tee.cca.platform.keys";

    /** Configuration of the verifier component. */
    @ObjectClassDefinition(name = "CCL Arm CCA evidence verifier",
            description = "Verifies Arm CCA attestation tokens against configured platform attestation keys (CPAKs).")
    public @interface Config {
        @AttributeDefinition(description = "CPAK trust anchor files: PEM public keys or certificates, EC JWK,"
                + " JWK Set, or a Trustee tastore.json (keys pinned to implementation/instance ids)")
        String[] platform_keys() default {};

        @AttributeDefinition(description = "ISO-8601 start of validity for keys without their own (empty: unbounded)")
        String platform_keys_not_before() default "";

        @AttributeDefinition(description = "ISO-8601 end of validity for keys without their own (empty: unbounded)")
        String platform_keys_not_after() default "";

        @AttributeDefinition(description = "Accept platforms whose lifecycle is not 'secured' (debug, provisioning,"
                + " decommissioned); they are then only flagged by the claim platform_secured=false")
        boolean accept_insecure_lifecycle() default false;
    }

    private final TokenVerifier pipeline;
    private final String loadError;

    /** Offline verifier for the CLI: CPAKs from {@value #KEYS_PROPERTY} and the context collateral. */
    public CcaVerifier() {
        List<PlatformKey> keys = new ArrayList<>();
        String error = null;
        String files = System.getProperty(KEYS_PROPERTY, "");
        for (String f : files.split("[," + File.pathSeparator + "]")) {
            if (!f.isBlank()) {
                try {
                    keys.addAll(read(Path.of(f.trim())));
                } catch (IOException | RuntimeException e) {
                    // Reported at verification time: a broken key file must not break ServiceLoader for other TEEs.
                    error = "cannot read CPAK file " + f.trim() + ": " + e.getMessage();
                }
            }
        }
        this.pipeline = new TokenVerifier(keys, false);
        this.loadError = error;
    }

    /**
     * DS activation.
     *
     * @throws IOException when a configured key file cannot be read (the component does not activate)
     */
    @Activate
    public CcaVerifier(Config config) throws IOException {
        Instant from = config.platform_keys_not_before().isBlank() ? null : Instant.parse(config.platform_keys_not_before());
        Instant until = config.platform_keys_not_after().isBlank() ? null : Instant.parse(config.platform_keys_not_after());
        List<PlatformKey> keys = new ArrayList<>();
        for (String f : config.platform_keys()) {
            for (PlatformKey k : read(Path.of(f))) {
                keys.add(k.notBefore() == null && k.notAfter() == null ? k.withValidity(from, until) : k);
            }
        }
        this.pipeline = new TokenVerifier(keys, config.accept_insecure_lifecycle());
        this.loadError = null;
    }

    /** A verifier over explicit trust anchors (tests, embedders). */
    public CcaVerifier(List<PlatformKey> keys, boolean acceptInsecureLifecycle) {
        this.pipeline = new TokenVerifier(keys, acceptInsecureLifecycle);
        this.loadError = null;
    }

    private static List<PlatformKey> read(Path file) throws IOException {
        if (Files.size(file) > PlatformKeys.MAX_FILE) {
            throw new IOException(file + " is too large");
        }
        return PlatformKeys.parse(file.getFileName().toString(), Files.readAllBytes(file));
    }

    @Override
    public String teeType() {
        return TokenVerifier.TEE_TYPE;
    }

    @Override
    public VerifiedClaims verify(Evidence evidence, VerificationContext context)
            throws MalformedEvidenceException, EvidenceRejectedException, CollateralUnavailableException {
        if (loadError != null) {
            throw new CollateralUnavailableException("CCA platform key", loadError);
        }
        return pipeline.verify(evidence, context);
    }
}
