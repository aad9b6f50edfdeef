package io.ccl.attestation.api;

import io.ccl.tee.api.Evidence;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Checks the authenticity of one technology's evidence and extracts its claims. Registered as a DS
 * component with {@code @TeeType}; also loadable through {@link java.util.ServiceLoader} so the
 * offline CLI can use it without OSGi.
 *
 * <p><b>Security guarantees.</b> An implementation accepts only evidence whose signature chains to
 * a pinned vendor root valid at {@link VerificationContext#now()}, never reads the wall clock, and
 * when {@link VerificationContext#expectedReportData()} is present rejects any other report data
 * with {@link RejectionReason#REPORT_DATA_MISMATCH}. It never throws anything but the three
 * declared exceptions, whatever the input bytes.
 */
@ConsumerType
public interface EvidenceVerifier {
    /** The technology this verifier handles, equal to its {@code ccl.tee.type} property. */
    String teeType();

    /**
     * Verifies evidence and returns its claims.
     *
     * @throws MalformedEvidenceException the bytes do not parse
     * @throws EvidenceRejectedException the evidence is not authentic or not bound as expected
     * @throws CollateralUnavailableException needed collateral could not be obtained
     */
    VerifiedClaims verify(Evidence evidence, VerificationContext context)
            throws MalformedEvidenceException, EvidenceRejectedException, CollateralUnavailableException;
}
