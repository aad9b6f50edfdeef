package io.ccl.attestation.policy.reference;

import io.ccl.attestation.api.EarStatus;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rules for one TEE type, in the order the policy file lists them. Every map is keyed by a
 * claim path (dots walk into nested claim objects) and keeps the file's order, which is the order
 * of the findings.
 *
 * @param allowInsecure evidence with the claim {@code insecure: true} (simulation) may be affirmed
 * @param require claims that must be present, whatever their value
 * @param reference claim → accepted values; an empty list accepts nothing
 * @param forbid claim → values that contraindicate (the claim must be present and differ)
 * @param minimum claim → smallest accepted integer
 * @param acceptTcbStatus {@code tcb_status} value → tier, or null when the rule is absent
 * @param warnIf claim → values that lower the result to warning
 */
public record TeeRules(boolean allowInsecure, List<String> require, Map<String, List<Object>> reference,
        Map<String, List<Object>> forbid, Map<String, Long> minimum, Map<String, EarStatus> acceptTcbStatus,
        Map<String, List<Object>> warnIf) {

    /** The claim the {@code accept_tcb_status} rule reads. */
    public static final String TCB_STATUS_CLAIM = "tcb_status";

    public TeeRules {
        require = List.copyOf(require);
        reference = ordered(reference);
        forbid = ordered(forbid);
        minimum = ordered(minimum);
        acceptTcbStatus = acceptTcbStatus == null ? null : ordered(acceptTcbStatus);
        warnIf = ordered(warnIf);
    }

    private static <V> Map<String, V> ordered(Map<String, V> map) {
        Objects.requireNonNull(map, "map");
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** JSON-shaped form, as in the policy file. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("allow_insecure", allowInsecure);
        if (!require.isEmpty()) {
            m.put("require", require);
        }
        putIfNotEmpty(m, "reference", reference);
        putIfNotEmpty(m, "forbid", forbid);
        putIfNotEmpty(m, "minimum", minimum);
        if (acceptTcbStatus != null) {
            Map<String, Object> tiers = new LinkedHashMap<>();
            acceptTcbStatus.forEach((k, v) -> tiers.put(k, v.json()));
            m.put("accept_tcb_status", tiers);
        }
        putIfNotEmpty(m, "warn_if", warnIf);
        return m;
    }

    private static void putIfNotEmpty(Map<String, Object> m, String key, Map<String, ?> value) {
        if (!value.isEmpty()) {
            m.put(key, value);
        }
    }
}
