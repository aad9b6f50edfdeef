package io.ccl.tee.sgx.verify;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.api.TeeType;
import io.ccl.tee.dcap.pcs.CollateralSource;
import io.ccl.tee.dcap.quote.Quote;
import io.ccl.tee.dcap.verify.CollateralPolicyMode;
import io.ccl.tee.dcap.verify.DcapEvidenceVerifier;
import io.ccl.tee.dcap.verify.DcapResult;
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
public final class SgxEvidenceVerifier extends DcapEvidenceVerifier {
    /** Configuration PID. */
    public static final String PID = "io.ccl.tee.sgx.verifier";
    /** The technology name. */
    public static final String TYPE = "sgx";

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
        this(CollateralSource.NONE, CollateralPolicyMode.FROM_CONTEXT);
    }

    /** A verifier with an explicit collateral source and policy mode (tests, embedding). */
    public SgxEvidenceVerifier(CollateralSource source, CollateralPolicyMode policy) {
        super(TYPE, source, policy);
    }

    @Activate
    @Modified
    void configure(Config config) {
        applyConfig(config.offline_dir(), config.pcs_enabled(), config.pcs_base_url(), config.root_ca_crl_url(),
                config.cache_dir(), config.pcs_timeout_ms(), config.collateral_policy());
    }

    @Override
    protected VerifiedClaims verifyQuote(Quote quote, Evidence evidence, VerificationContext context)
            throws MalformedEvidenceException, EvidenceRejectedException, CollateralUnavailableException {
        if (quote.header().version() != 3 || quote.tdx()) {
            throw new EvidenceRejectedException(RejectionReason.UNSUPPORTED_VERSION, "the sgx verifier takes DCAP quote "
                    + "v3 of an SGX enclave, this is v" + quote.header().version()
                    + (quote.tdx() ? " of a TD" : ""), "SGX quote v3", "quote v" + quote.header().version());
        }
        DcapResult result = dcap(quote, collateral(evidence, context), context);
        Map<String, Object> claims = SgxClaims.of(quote.enclaveReport());
        claims.putAll(result.platformClaims());
        return new VerifiedClaims(TYPE, ReportData.of(quote.reportData()), claims);
    }
}
