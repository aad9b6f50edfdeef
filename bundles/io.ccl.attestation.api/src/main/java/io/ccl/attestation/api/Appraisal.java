package io.ccl.attestation.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of an appraisal policy: a status tier, the findings that explain it in order, and
 * the AR4SI trustworthiness vector ({@code instance-identity}, {@code configuration},
 * {@code executables}, {@code hardware}, ... → -128..127).
 */
public record Appraisal(String policyId, EarStatus status, List<Finding> findings, Map<String, Integer> trustVector) {
    public Appraisal {
        Objects.requireNonNull(policyId, "policyId");
        Objects.requireNonNull(status, "status");
        findings = List.copyOf(findings);
        trustVector = Map.copyOf(trustVector);
    }

    /** A denial with one finding; used for default deny. */
    public static Appraisal deny(String policyId, String code, String message) {
        return new Appraisal(policyId, EarStatus.CONTRAINDICATED,
                List.of(new Finding(code, EarStatus.CONTRAINDICATED, message)), Map.of());
    }
}
