package io.ccl.attestation.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An attestation result as carried by an EAR token: the verifier's verdict on one attester at one
 * time. Holds the signed token so it can be presented to relying parties (key broker, Vault).
 *
 * @param token the compact JWS (ES256) EAR token
 * @param issuer the verifier's issuer URI
 * @param teeType the technology of the evidence
 * @param status the overall tier
 * @param findings why, in order
 * @param trustVector the AR4SI vector
 * @param claims the annotated evidence claims
 * @param teePublicKey the attested runtime key (JWK members), from runtime-data
 * @param runtimeData the runtime-data the evidence was bound to
 * @param policyId the appraisal policy that decided
 * @param issuedAt issue time
 * @param expiresAt after this the result must not be relied on
 */
public record AttestationResult(String token, String issuer, String teeType, EarStatus status,
        List<Finding> findings, Map<String, Integer> trustVector, Map<String, Object> claims,
        Map<String, Object> teePublicKey, Map<String, Object> runtimeData, String policyId,
        Instant issuedAt, Instant expiresAt) {
    public AttestationResult {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(status, "status");
        findings = List.copyOf(findings);
        trustVector = Map.copyOf(trustVector);
        claims = Map.copyOf(claims);
        teePublicKey = Map.copyOf(teePublicKey);
        runtimeData = Map.copyOf(runtimeData);
    }

    /** True when the result is affirming (or, if {@code acceptWarning}, warning) and not expired at {@code now}. */
    public boolean trustworthyAt(Instant now, boolean acceptWarning) {
        boolean tierOk = status == EarStatus.AFFIRMING || (acceptWarning && status == EarStatus.WARNING);
        return tierOk && now.isBefore(expiresAt);
    }
}
