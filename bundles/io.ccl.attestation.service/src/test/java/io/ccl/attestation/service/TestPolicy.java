package io.ccl.attestation.service;

import io.ccl.attestation.api.Appraisal;
import io.ccl.attestation.api.AppraisalPolicy;
import io.ccl.attestation.api.EarStatus;
import io.ccl.attestation.api.Finding;
import io.ccl.attestation.api.VerifiedClaims;
import java.util.List;
import java.util.Map;

/** Affirms exactly one measurement; anything else is contraindicated. */
public final class TestPolicy implements AppraisalPolicy {
    private final String measurement;

    public TestPolicy(String measurement) {
        this.measurement = measurement;
    }

    @Override
    public String id() {
        return "test-policy";
    }

    @Override
    public Appraisal appraise(VerifiedClaims claims, Map<String, Object> runtimeData) {
        Object m = claims.claims().get("measurement");
        if (measurement.equals(m)) {
            return new Appraisal(id(), EarStatus.AFFIRMING,
                    List.of(new Finding("reference.measurement", EarStatus.AFFIRMING, "measurement matches")),
                    Map.of("instance-identity", 2, "executables", 3, "hardware", 2));
        }
        return new Appraisal(id(), EarStatus.CONTRAINDICATED,
                List.of(new Finding("reference.measurement", EarStatus.CONTRAINDICATED, "unknown measurement")),
                Map.of("executables", 96));
    }
}
