package io.ccl.tee.tck;

import io.ccl.attestation.api.VerificationContext;
import io.ccl.tee.api.Evidence;
import java.util.Objects;

/**
 * Genuine evidence together with the context (time, collateral, hints) under which it verifies.
 *
 * @param name a label for test output (e.g. the vector's file name)
 * @param evidence the genuine evidence
 * @param context a context that makes it verify offline
 */
public record Sample(String name, Evidence evidence, VerificationContext context) {
    public Sample {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(context, "context");
    }
}
