package io.ccl.tee.dcap.verify;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.RejectionReason;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collateral problems that the collateral policy decides on: missing pieces and pieces used outside their
 * validity window. Fail-closed turns them into {@link CollateralUnavailableException} and
 * {@link RejectionReason#COLLATERAL_INVALID}; allow-unavailable turns them into claims.
 */
final class CollateralFindings {
    private final boolean allowUnavailable;
    private final Set<String> missing = new LinkedHashSet<>();
    private final List<String> expired = new ArrayList<>();

    CollateralFindings(boolean allowUnavailable) {
        this.allowUnavailable = allowUnavailable;
    }

    void missing(String name) {
        missing.add(name);
    }

    void missing(Set<String> names) {
        missing.addAll(names);
    }

    void expired(String description) {
        expired.add(description);
    }

    void expired(List<String> descriptions) {
        expired.addAll(descriptions);
    }

    boolean allowUnavailable() {
        return allowUnavailable;
    }

    /** Applies the policy: under fail-closed any finding ends verification. */
    void enforce() throws CollateralUnavailableException, EvidenceRejectedException {
        if (allowUnavailable) {
            return;
        }
        if (!missing.isEmpty()) {
            throw new CollateralUnavailableException(String.join(",", missing), "collateral unavailable: "
                    + String.join(", ", missing) + " (supply it with the evidence, the context, an offline directory "
                    + "or enable PCS)");
        }
        if (!expired.isEmpty()) {
            throw new EvidenceRejectedException(RejectionReason.COLLATERAL_INVALID, "collateral outside its validity "
                    + "period: " + String.join("; ", expired), "valid at the verification time", expired.get(0));
        }
    }

    Set<String> missing() {
        return Set.copyOf(missing);
    }

    List<String> missingInOrder() {
        return List.copyOf(missing);
    }

    List<String> expired() {
        return List.copyOf(expired);
    }
}
