package io.ccl.attestation.api;

import java.util.Objects;

/**
 * One reason behind an appraisal, in the order the policy found them.
 *
 * @param code a stable code, e.g. {@code measurement.unknown} or {@code tee.insecure}
 * @param status the tier this finding alone would give
 * @param message a human explanation with expected and actual values, never secret data
 */
public record Finding(String code, EarStatus status, String message) {
    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
    }
}
