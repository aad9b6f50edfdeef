package io.ccl.tee.nitro;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.TeeType;
import io.ccl.tee.nitro.verify.DocumentVerifier;
import io.ccl.tee.nitro.verify.TimeMode;
import io.ccl.tee.nitro.verify.TrustedRoot;
import io.ccl.tee.nitro.verify.VerifierSettings;
import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The AWS Nitro Enclaves evidence verifier. As a DS component it is configured through PID
 * {@value #PID}; through {@link java.util.ServiceLoader} (the offline CLI) the no-argument
 * constructor gives a live-mode verifier pinned to AWS Nitro Enclaves Root G1 that honours the
 * {@code nitro.*} context hints (time mode, maximum age, debug).
 */
@Component(service = EvidenceVerifier.class, configurationPid = NitroVerifier.PID)
@Designate(ocd = NitroVerifier.Config.class)
@TeeType(DocumentVerifier.TEE_TYPE)
public final class NitroVerifier implements EvidenceVerifier {
    /** Configuration PID. */
    public static final String PID = "io.ccl.tee.nitro.verifier";

    /** Configuration of the verifier component. */
    @ObjectClassDefinition(name = "CCL Nitro Enclaves evidence verifier",
            description = "Verifies AWS Nitro Enclaves attestation documents against AWS Nitro Enclaves Root G1.")
    public @interface Config {
        @AttributeDefinition(description = "LIVE: the document must be fresh and its chain valid now;"
                + " AUDIT: the chain must be valid at the document's own timestamp (replay of recorded documents)")
        TimeMode time_mode() default TimeMode.LIVE;

        @AttributeDefinition(description = "Maximum document age in seconds (LIVE mode)")
        long max_age_s() default 300;

        @AttributeDefinition(description = "How far (seconds) a document timestamp may lie after the verification time")
        long clock_skew_s() default 60;

        @AttributeDefinition(description = "Accept debug enclaves (PCR0-2 all zero); always flagged by the claim debug")
        boolean allow_debug() default false;

        @AttributeDefinition(description = "Let the context hints nitro.time_mode, nitro.max_age_s and nitro.allow_debug"
                + " override this configuration")
        boolean honour_hints() default false;
    }

    private final DocumentVerifier pipeline;

    /** Offline live-mode verifier pinned to AWS Nitro Enclaves Root G1, honouring hints (ServiceLoader, CLI). */
    public NitroVerifier() {
        this(TrustedRoot.aws(), new VerifierSettings(TimeMode.LIVE, VerifierSettings.DEFAULT.maxAge(),
                VerifierSettings.DEFAULT.clockSkew(), false, true));
    }

    /** DS activation. */
    @Activate
    public NitroVerifier(Config config) {
        this(TrustedRoot.aws(), new VerifierSettings(config.time_mode(), Duration.ofSeconds(config.max_age_s()),
                Duration.ofSeconds(config.clock_skew_s()), config.allow_debug(), config.honour_hints()));
    }

    /** A verifier with an explicit root and settings (tests pin their own root). */
    public NitroVerifier(TrustedRoot root, VerifierSettings settings) {
        this.pipeline = new DocumentVerifier(root, settings);
    }

    @Override
    public String teeType() {
        return DocumentVerifier.TEE_TYPE;
    }

    @Override
    public VerifiedClaims verify(Evidence evidence, VerificationContext context)
            throws MalformedEvidenceException, EvidenceRejectedException, CollateralUnavailableException {
        try {
            return pipeline.verify(evidence, context);
        } catch (RuntimeException e) {
            // Fail closed with a declared error: no input may make a verifier throw anything else.
            throw new MalformedEvidenceException("nitro document could not be processed: " + e.getClass().getSimpleName(), e);
        }
    }
}
