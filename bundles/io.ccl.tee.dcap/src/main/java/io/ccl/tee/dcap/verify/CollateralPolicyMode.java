package io.ccl.tee.dcap.verify;

import io.ccl.attestation.api.VerificationContext;

/**
 * How a configured verifier applies the collateral policy: as each {@link VerificationContext} asks (default),
 * or always fail-closed / always allow-unavailable regardless of the caller.
 */
public enum CollateralPolicyMode {
    /** Use {@link VerificationContext#collateralPolicy()}. */
    FROM_CONTEXT,
    /** Missing collateral is unavailability, expired collateral a rejection, whatever the caller asks. */
    FAIL_CLOSED,
    /** Missing or expired collateral becomes claims ({@code collateral_unavailable}, {@code collateral_expired}). */
    ALLOW_UNAVAILABLE;

    /** The effective policy for one verification. */
    public boolean allowUnavailable(VerificationContext context) {
        return switch (this) {
            case FROM_CONTEXT -> context.collateralPolicy() == VerificationContext.CollateralPolicy.ALLOW_UNAVAILABLE;
            case FAIL_CLOSED -> false;
            case ALLOW_UNAVAILABLE -> true;
        };
    }

    /** Parses a configuration value (case-insensitive); blank means {@link #FROM_CONTEXT}. */
    public static CollateralPolicyMode parse(String value) {
        if (value == null || value.isBlank()) {
            return FROM_CONTEXT;
        }
        return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
