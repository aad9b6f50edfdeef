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
 * Verifies evidence of an Azure SEV-SNP confidential VM: TPM quote + HCL report whose SNP report the sevsnp verifier checks with the VCEK
 * (chain in {@link VtpmVerification}). In OSGi the sevsnp verifier is the service with
 * {@code ccl.tee.type=sevsnp}; the public no-argument constructor (ServiceLoader, offline CLI)
 * finds it through {@link java.util.ServiceLoader}.
 */
@Component(name = AzSnpVtpmVerifier.PID, service = EvidenceVerifier.class)
@TeeType(AzSnpVtpmVerifier.TYPE)
public final class AzSnpVtpmVerifier implements EvidenceVerifier {
    /** Component name / PID. */
    public static final String PID = "io.ccl.tee.azure.azsnpvtpm.verifier";
    /** The technology name. */
    public static final String TYPE = "azsnpvtpm";

    private final VtpmVerification chain;

    /** Plain-Java verifier: the sevsnp verifier comes from ServiceLoader, on first use. */
    public AzSnpVtpmVerifier() {
        this.chain = new VtpmVerification(TYPE, true, VtpmVerification.serviceLoaded("sevsnp"));
    }

    /** DS constructor: the sevsnp verifier service. */
    @Activate
    public AzSnpVtpmVerifier(@Reference(target = "(ccl.tee.type=sevsnp)") EvidenceVerifier sevsnp) {
        Objects.requireNonNull(sevsnp, "sevsnp");
        this.chain = new VtpmVerification(TYPE, true, () -> sevsnp);
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
