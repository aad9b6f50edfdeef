package io.ccl.tee.dcap.verify;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.Collateral;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.dcap.pcs.CollateralSource;
import io.ccl.tee.dcap.pcs.CollateralSources;
import io.ccl.tee.dcap.quote.Quote;
import io.ccl.tee.dcap.quote.QuoteParser;
import java.util.ArrayList;
import java.util.List;

/**
 * What the SGX and TDX evidence verifiers share: applying the configuration (collateral sources and policy),
 * the type check, the parse of the DCAP quote, the wrapping of unexpected runtime errors as malformed
 * evidence, and the DCAP verification with the evidence's and the context's collateral. Subclasses add
 * what their technology checks on top of the quote ({@link #verifyQuote}).
 */
public abstract class DcapEvidenceVerifier implements EvidenceVerifier {
    private final String type;
    private volatile DcapVerifier dcap;
    private volatile CollateralPolicyMode policy;

    /** @param type the TEE type ({@code sgx}, {@code tdx}) */
    protected DcapEvidenceVerifier(String type, CollateralSource source, CollateralPolicyMode policy) {
        this.type = type;
        this.dcap = DcapVerifier.forBundle(getClass(), source);
        this.policy = policy;
    }

    /**
     * Applies a (new) configuration: collateral sources ({@link CollateralSources#configured}) and the
     * policy mode ({@link CollateralPolicyMode#parse}). The subclasses' {@code Config} annotations carry
     * these values: bnd writes metatype only for annotations in the bundle's own classes, so each keeps one.
     */
    protected final void applyConfig(String offlineDir, boolean pcsEnabled, String pcsBaseUrl, String rootCaCrlUrl,
            String cacheDir, long pcsTimeoutMs, String collateralPolicy) {
        this.dcap = DcapVerifier.forBundle(getClass(), CollateralSources.configured(offlineDir, pcsEnabled, pcsBaseUrl,
                rootCaCrlUrl, cacheDir, pcsTimeoutMs));
        this.policy = CollateralPolicyMode.parse(collateralPolicy);
    }

    @Override
    public final String teeType() {
        return type;
    }

    @Override
    public final VerifiedClaims verify(Evidence evidence, VerificationContext context)
            throws MalformedEvidenceException, EvidenceRejectedException, CollateralUnavailableException {
        if (!type.equals(evidence.teeType())) {
            throw new MalformedEvidenceException("evidence of type " + evidence.teeType() + " given to the " + type
                    + " verifier");
        }
        try {
            return verifyQuote(QuoteParser.parse(evidence.payload()), evidence, context);
        } catch (RuntimeException e) {
            throw new MalformedEvidenceException(type.toUpperCase(java.util.Locale.ROOT)
                    + " evidence could not be processed (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** The technology's checks of a parsed quote; {@link #dcap} does the DCAP part. */
    protected abstract VerifiedClaims verifyQuote(Quote quote, Evidence evidence, VerificationContext context)
            throws MalformedEvidenceException, EvidenceRejectedException, CollateralUnavailableException;

    /** The evidence's then the context's collateral, in that order. */
    protected static List<Collateral> collateral(Evidence evidence, VerificationContext context) {
        List<Collateral> all = new ArrayList<>(evidence.collateral());
        all.addAll(context.collateral());
        return all;
    }

    /** DCAP verification of {@code quote} with {@code collateral}, under the configured policy mode. */
    protected final DcapResult dcap(Quote quote, List<Collateral> collateral, VerificationContext context)
            throws MalformedEvidenceException, EvidenceRejectedException, CollateralUnavailableException {
        return dcap.verify(quote, collateral, context, policy.allowUnavailable(context));
    }
}
