package io.ccl.tee.tdx.verify;

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
import io.ccl.tee.dcap.quote.Quote;
import io.ccl.tee.dcap.verify.CollateralPolicyMode;
import io.ccl.tee.dcap.verify.DcapEvidenceVerifier;
import io.ccl.tee.dcap.verify.DcapResult;
import io.ccl.tee.tdx.ccel.CcelTable;
import io.ccl.tee.tdx.ccel.EventDescriptions;
import io.ccl.tee.tdx.ccel.RtmrReplay;
import io.ccl.tee.tdx.ccel.Tcg2EventLog;
import io.ccl.tee.tdx.ccel.TcgEvent;
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
 * Verifies Intel TDX evidence: a DCAP quote v4 or v5 (TD 1.0 or TD 1.5 body) checked end to end against the
 * pinned Intel SGX Root CA, its TCB evaluated against TCB Info and QE Identity, and, when a CC event log comes
 * along as collateral, the log replayed into RTMR0..3. The no-argument constructor gives the offline verifier the
 * CLI loads through {@link java.util.ServiceLoader}: collateral only from the evidence and the context.
 */
@Component(name = TdxEvidenceVerifier.PID, service = EvidenceVerifier.class,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@TeeType(TdxEvidenceVerifier.TYPE)
@Designate(ocd = TdxEvidenceVerifier.Config.class)
public final class TdxEvidenceVerifier extends DcapEvidenceVerifier {
    /** Configuration PID. */
    public static final String PID = "io.ccl.tee.tdx.verifier";
    /** The technology name. */
    public static final String TYPE = "tdx";

    /** Configuration of the TDX evidence verifier. */
    @ObjectClassDefinition(name = "CCL TDX evidence verifier",
            description = "Verifies Intel TDX DCAP quotes; fetches missing collateral from Intel PCS only when enabled.")
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
    public TdxEvidenceVerifier() {
        this(CollateralSource.NONE, CollateralPolicyMode.FROM_CONTEXT);
    }

    /** A verifier with an explicit collateral source and policy mode (tests, embedding). */
    public TdxEvidenceVerifier(CollateralSource source, CollateralPolicyMode policy) {
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
        if (!quote.tdx()) {
            throw new EvidenceRejectedException(RejectionReason.UNSUPPORTED_VERSION, "not a TD quote (quote v"
                    + quote.header().version() + " of an SGX enclave)", "TDX quote v4/v5", "SGX quote");
        }
        EventLogPieces log = EventLogPieces.split(collateral(evidence, context));
        DcapResult result = dcap(quote, log.rest(), context);
        Map<String, Object> claims = TdxClaims.of(quote);
        if (log.data() != null) {
            int limit = log.data().length;
            if (log.table() != null) {
                CcelTable table = CcelTable.parse(log.table());
                limit = (int) Math.min(limit, table.logAreaLength());
            }
            List<TcgEvent> events = Tcg2EventLog.parse(log.data(), limit);
            RtmrReplay.check(events, quote.tdReport().rtmrs());
            claims.put("event_log", EventDescriptions.claims(events));
        }
        claims.putAll(result.platformClaims());
        return new VerifiedClaims(TYPE, ReportData.of(quote.reportData()), claims);
    }

    /** The CC event log table and data among the collateral (recognised by content), and everything else. */
    record EventLogPieces(byte[] table, byte[] data, List<Collateral> rest) {
        static EventLogPieces split(List<Collateral> all) throws MalformedEvidenceException {
            byte[] table = null;
            byte[] data = null;
            List<Collateral> rest = new ArrayList<>();
            for (Collateral c : all) {
                byte[] bytes = c.data();
                if (CcelTable.looksLike(bytes)) {
                    table = only(table, bytes, "ACPI CCEL table");
                } else if (Tcg2EventLog.looksLike(bytes)) {
                    data = only(data, bytes, "CC event log");
                } else {
                    rest.add(c);
                }
            }
            return new EventLogPieces(table, data, rest);
        }

        private static byte[] only(byte[] existing, byte[] next, String what) throws MalformedEvidenceException {
            if (existing != null && !java.util.Arrays.equals(existing, next)) {
                throw new MalformedEvidenceException("two different " + what + "s among the collateral");
            }
            return next;
        }
    }
}
