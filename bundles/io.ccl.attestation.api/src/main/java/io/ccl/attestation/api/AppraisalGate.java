package io.ccl.attestation.api;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Reviews every appraisal before its EAR is issued, with knowledge the appraisal policy does not
 * have — for example an operator's lockdown of a runtime, or a measurement withdrawn after it was
 * trusted. Registered as a whiteboard service; the attestation service consults every gate.
 *
 * <p><b>Security guarantees.</b> A gate can only make a result worse: the issued status is the
 * worst of the policy's status and the statuses of the findings the gates return. A gate that
 * throws makes the result {@link EarStatus#NONE} (fail closed).
 */
@ConsumerType
public interface AppraisalGate {
    /**
     * Findings to add to the appraisal of one attester (empty when there is nothing to add).
     *
     * @param teeType the TEE type of the evidence
     * @param claims the verified, annotated evidence claims
     * @param teePublicKey the attested runtime key (JWK members) from runtime-data
     * @param appraisal the policy's appraisal, before any gate
     */
    List<Finding> review(String teeType, Map<String, Object> claims, Map<String, Object> teePublicKey,
            Appraisal appraisal);
}
