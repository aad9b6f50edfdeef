package io.ccl.tee.azure;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.TeeType;
import java.util.Objects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Verifies evidence of an Azure TDX confidential VM: TPM quote + HCL report + TD quote, which the tdx verifier checks
 * (chain in {@link VtpmVerification}). In OSGi the tdx verifier is the service with
 * {@code ccl.tee.type=tdx}; the public no-argument constructor (ServiceLoader, offline CLI)
 * finds it through {@link java.util.ServiceLoader}.
 */
@Component(name = AzTdxVtpmVerifier.PID, service = EvidenceVerifier.class)
@TeeType(AzTdxVtpmVerifier.TYPE)
public final class AzTdxVtpmVerifier implements EvidenceVerifier {
    /** Component name / PID. */
    public static final String PID = "io.ccl.tee.azure.aztdxvtpm.verifier";
    /** The technology name. */
    public static final String TYPE = "aztdxvtpm";

    private final VtpmVerification chain;

    /** Plain-Java verifier: the tdx verifier comes from ServiceLoader, on first use. */
    public AzTdxVtpmVerifier() {
        this.chain = new VtpmVerification(TYPE, false, VtpmVerification.serviceLoaded("tdx"));
    }

    /** DS constructor: the tdx verifier service. */
    @Activate
    public AzTdxVtpmVerifier(@Reference(target = "(ccl.tee.type=tdx)") EvidenceVerifier tdx) {
        Objects.requireNonNull(tdx, "tdx");
        this.chain = new VtpmVerification(TYPE, false, () -> tdx);
    }

    @Override
    public String teeType() {
        return TYPE;
    }

    @Override
    public VerifiedClaims verify(Evidence evidence, VerificationContext context)
            throws MalformedEvidenceException, EvidenceRejectedException, CollateralUnavailableException {
        return chain.verify(evidence, context);
    }
}
