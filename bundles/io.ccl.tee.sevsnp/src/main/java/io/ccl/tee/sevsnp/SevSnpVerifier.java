package io.ccl.tee.sevsnp;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.TeeType;
import io.ccl.tee.sevsnp.kds.CollateralSource;
import io.ccl.tee.sevsnp.kds.KdsClient;
import io.ccl.tee.sevsnp.kds.VcekCacheDirectory;
import io.ccl.tee.sevsnp.verify.ReportVerifier;
import io.ccl.tee.sevsnp.verify.ReportVerifier.CrlPolicy;
import io.ccl.tee.sevsnp.verify.TrustedRoots;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The AMD SEV-SNP evidence verifier. As a DS component it is configured through PID
 * {@value #PID}; through {@link java.util.ServiceLoader} (the offline CLI) the no-argument
 * constructor gives an offline verifier with the pinned AMD roots that uses only the collateral
 * of the evidence and the context, plus the cache directory named by the system property
 * {@value #CACHE_DIR_PROPERTY} when set.
 */
@Component(service = EvidenceVerifier.class, configurationPid = SevSnpVerifier.PID)
@Designate(ocd = SevSnpVerifier.Config.class)
@TeeType(ReportVerifier.TEE_TYPE)
public final class SevSnpVerifier implements EvidenceVerifier {
    /** Configuration PID. */
    public static final String PID = "io.ccl.tee.sevsnp.verifier";
    /** System property naming an offline collateral directory for the no-argument constructor. */
    public static final String CACHE_DIR_PROPERTY = "io.ccl.tee.sevsnp.cache.dir";

    /** Configuration of the verifier component. */
    @ObjectClassDefinition(name = "CCL SEV-SNP evidence verifier",
            description = "Verifies AMD SEV-SNP attestation reports against the pinned AMD roots.")
    public @interface Config {
        @AttributeDefinition(description = "Base URL of the AMD Key Distribution Service")
        String kds_base_url() default "https://kdsintf.amd.com";

        @AttributeDefinition(description = "Fetch missing VCEKs, certificate chains and CRLs from the KDS")
        boolean kds_enabled() default false;

        @AttributeDefinition(description = "Offline collateral directory (vcek/, cert_chain/, crl/); empty for none."
                + " Fetched VCEKs are written to it.")
        String cache_dir() default "";

        @AttributeDefinition(description = "CONTEXT: a missing CRL follows the caller's collateral policy;"
                + " FAIL_CLOSED: a missing CRL always fails verification")
        CrlPolicy crl_policy() default CrlPolicy.CONTEXT;

        @AttributeDefinition(description = "Order in which collateral sources are asked: evidence, cache, kds")
        String[] collateral_order() default {"evidence", "cache", "kds"};

        @AttributeDefinition(description = "KDS request timeout in milliseconds")
        long kds_timeout_ms() default 10_000;

        @AttributeDefinition(description = "KDS attempts per request on 429/5xx/connection failure")
        int kds_max_attempts() default 3;

        @AttributeDefinition(description = "First KDS back-off in milliseconds (doubled per attempt, Retry-After honoured)")
        long kds_backoff_ms() default 1_000;
    }

    private final ReportVerifier pipeline;

    /** Offline verifier with the pinned AMD roots (ServiceLoader, CLI). */
    public SevSnpVerifier() {
        List<CollateralSource> order = new ArrayList<>(List.of(ReportVerifier.EVIDENCE));
        String dir = System.getProperty(CACHE_DIR_PROPERTY, "");
        if (!dir.isBlank()) {
            order.add(new VcekCacheDirectory(Path.of(dir)));
        }
        this.pipeline = new ReportVerifier(TrustedRoots.amd(), order, CrlPolicy.CONTEXT);
    }

    /** DS activation. @throws IllegalArgumentException for an unknown collateral source name */
    @Activate
    public SevSnpVerifier(Config config) {
        VcekCacheDirectory cache = config.cache_dir().isBlank() ? null : new VcekCacheDirectory(Path.of(config.cache_dir()));
        KdsClient kds = config.kds_enabled()
                ? new KdsClient(new KdsClient.Settings(URI.create(config.kds_base_url()),
                        Duration.ofMillis(config.kds_timeout_ms()), config.kds_max_attempts(),
                        Duration.ofMillis(config.kds_backoff_ms()), Duration.ofSeconds(30)), cache)
                : null;
        List<CollateralSource> order = new ArrayList<>();
        for (String name : config.collateral_order()) {
            switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "evidence" -> order.add(ReportVerifier.EVIDENCE);
                case "cache" -> {
                    if (cache != null) {
                        order.add(cache);
                    }
                }
                case "kds" -> {
                    if (kds != null) {
                        order.add(kds);
                    }
                }
                default -> throw new IllegalArgumentException("unknown collateral source '" + name + "'");
            }
        }
        this.pipeline = new ReportVerifier(TrustedRoots.amd(), order, config.crl_policy());
    }

    /**
     * A verifier with explicit roots and sources (tests pin their own ARK; embedders choose sources).
     *
     * @param order collateral sources in order; {@link ReportVerifier#EVIDENCE} stands for the
     *     evidence's own collateral
     */
    public SevSnpVerifier(TrustedRoots roots, List<CollateralSource> order, CrlPolicy crlPolicy) {
        this.pipeline = new ReportVerifier(roots, order, crlPolicy);
    }

    @Override
    public String teeType() {
        return ReportVerifier.TEE_TYPE;
    }

    @Override
    public VerifiedClaims verify(Evidence evidence, VerificationContext context)
            throws MalformedEvidenceException, EvidenceRejectedException, CollateralUnavailableException {
        return pipeline.verify(evidence, context);
    }
}
