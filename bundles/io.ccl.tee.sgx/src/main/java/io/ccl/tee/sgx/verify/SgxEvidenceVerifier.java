package io.ccl.tee.sgx.verify;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.Collateral;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.api.TeeType;
import io.ccl.tee.dcap.pcs.CollateralSource;
import io.ccl.tee.dcap.pcs.CollateralSources;
import io.ccl.tee.dcap.quote.Quote;
import io.ccl.tee.dcap.quote.QuoteParser;
import io.ccl.tee.dcap.verify.CollateralPolicyMode;
import io.ccl.tee.dcap.verify.DcapResult;
import io.ccl.tee.dcap.verify.DcapVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Verifies Intel SGX evidence: a DCAP quote v3 checked end to end against the pinned Intel SGX Root CA, its TCB
 * evaluated against the SGX TCB Info (v2 or v3) and the QE Identity. The no-argument constructor gives the offline
 * verifier the CLI loads through {@link java.util.ServiceLoader}: collateral only from the evidence and the context.
 */
@Component(name = SgxEvidenceVerifier.PID, service = EvidenceVerifier.class,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@TeeType(SgxEvidenceVerifier.TYPE)
@Designate(ocd = SgxEvidenceVerifier.Config.class)
public final class SgxEvidenceVerifier implements EvidenceVerifier {
    /** Configuration PID. */
    public static final String PID = "io.ccl.tee.sgx.verifier";
    /** The technology name. */
    public static final String TYPE = "sgx";

    private volatile DcapVerifier dcap;
    private volatile CollateralPolicyMode policy = CollateralPolicyMode.FROM_CONTEXT;

    /** Configuration of the SGX evidence verifier. */
    @ObjectClassDefinition(name = "CCL SGX evidence verifier",
            description = "Verifies Intel SGX DCAP quotes; fetches missing collateral from Intel PCS only when enabled.")
    public @interface Config {
        @AttributeDefinition(description = "Fetch missing or out-of-date collateral from a PCS/PCCS over HTTPS.")
        boolean pcs_enabled() default false;

        @AttributeDefinition(description = "PCS or PCCS base URL (API v4 paths are appended).")
        String pcs_base_url() default "https://api.trustedservices.intel.com";

        @AttributeDefinition(description = "URL of the Intel SGX Root CA CRL.")
        String root_ca_crl_url() default "https://certificates.trustedservices.intel.com/IntelSGXRootCA.der";

        @AttributeDefinition(description = "Directory caching PCS responses until their nextUpdate (empty: memory only).")
        String cache_dir() default "";

        @AttributeDefinition(description = "Directory of collateral files offered to every verification (empty: none).")
        String offline_dir() default "";

        @AttributeDefinition(description = "HTTP timeout in milliseconds.")
        long pcs_timeout_ms() default 10_000L;

        @AttributeDefinition(description = "FROM_CONTEXT, FAIL_CLOSED or ALLOW_UNAVAILABLE: how missing or expired "
                + "collateral is treated.")
        String collateral_policy() default "FROM_CONTEXT";
    }

    /** The offline verifier: collateral only from the evidence and the verification context. */
    public SgxEvidenceVerifier() {
        this.dcap = DcapVerifier.forBundle(SgxEvidenceVerifier.class, CollateralSource.NONE);
    }

    /** A verifier with an explicit collateral source and policy mode (tests, embedding). */
    public SgxEvidenceVerifier(CollateralSource source, CollateralPolicyMode policy) {
        this.dcap = DcapVerifier.forBundle(SgxEvidenceVerifier.class, source);
        this.policy = policy;
    }

    @Activate
    @Modified
    void configure(Config config) {
        this.dcap = DcapVerifier.forBundle(SgxEvidenceVerifier.class, CollateralSources.configured(config.offline_dir(),
                config.pcs_enabled(), config.pcs_base_url(), config.root_ca_crl_url(), config.cache_dir(),
                config.pcs_timeout_ms()));
        this.policy = CollateralPolicyMode.parse(config.collateral_policy());
    }

    @Override
    public String teeType() {
        return TYPE;
    }

    @Override
    public VerifiedClaims verify(Evidence evidence, VerificationContext context)
            throws MalformedEvidenceException, EvidenceRejectedException, CollateralUnavailableException {
        if (!TYPE.equals(evidence.teeType())) {
            throw new MalformedEvidenceException("evidence of type " + evidence.teeType() + " given to the sgx verifier");
        }
        try {
            return verifyQuote(evidence, context);
        } catch (RuntimeException e) {
            throw new MalformedEvidenceException("SGX evidence could not be processed ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    private VerifiedClaims verifyQuote(Evidence evidence, VerificationContext context)
            throws MalformedEvidenceException, EvidenceRejectedException, CollateralUnavailableException {
        Quote quote = QuoteParser.parse(evidence.payload());
        if (quote.header().version() != 3 || quote.tdx()) {
            throw new EvidenceRejectedException(RejectionReason.UNSUPPORTED_VERSION, "the sgx verifier takes DCAP quote "
                    + "v3 of an SGX enclave, this is v" + quote.header().version()
                    + (quote.tdx() ? " of a TD" : ""), "SGX quote v3", "quote v" + quote.header().version());
        }
        List<Collateral> all = new ArrayList<>(evidence.collateral());
        all.addAll(context.collateral());
        DcapResult result = dcap.verify(quote, all, context, policy.allowUnavailable(context));
        Map<String, Object> claims = SgxClaims.of(quote.enclaveReport());
        claims.putAll(result.platformClaims());
        return new VerifiedClaims(TYPE, ReportData.of(quote.reportData()), claims);
    }
}
