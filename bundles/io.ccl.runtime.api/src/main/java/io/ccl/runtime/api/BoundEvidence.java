package io.ccl.runtime.api;

import io.ccl.tee.api.Evidence;
import java.util.Map;

/**
 * Fresh evidence together with the runtime-data it is bound to: a relying party recomputes
 * {@code SHA-384(JCS(runtimeData))} and compares it with the report data.
 */
public record BoundEvidence(Map<String, Object> runtimeData, Evidence evidence) {
    public BoundEvidence {
        runtimeData = Map.copyOf(runtimeData);
    }
}
