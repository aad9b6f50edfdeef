package io.ccl.attestation.api;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides how far verified claims can be trusted, against reference values. Policies are data
 * loaded from configuration and reloadable without restart.
 *
 * <p><b>Security guarantees.</b> An implementation denies by default: claims it has no reference
 * for, an unknown TEE type or any evaluation error yield {@link EarStatus#CONTRAINDICATED} or
 * {@link EarStatus#NONE}, never {@link EarStatus#AFFIRMING}.
 */
@ConsumerType
public interface AppraisalPolicy {
    /** Stable identifier of the policy and its revision, reported in results. */
    String id();

    /**
     * Appraises claims.
     *
     * @param claims authentic claims from a verifier
     * @param runtimeData the runtime-data the evidence is bound to (nonce, tee-pubkey, measurements)
     */
    Appraisal appraise(VerifiedClaims claims, Map<String, Object> runtimeData);

    /** The policy's reference values and rules as JSON-shaped data, for operators to inspect. */
    default Map<String, Object> describe() {
        return Map.of("id", id());
    }
}
