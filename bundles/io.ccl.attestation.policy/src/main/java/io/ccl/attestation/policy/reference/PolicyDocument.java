package io.ccl.attestation.policy.reference;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed, validated reference-value policy.
 *
 * @param name the {@code id} the operator gave the policy
 * @param digest lower-case hex SHA-256 of the file bytes
 * @param tees TEE type → rules; a TEE not listed is contraindicated
 * @param runtimeMeasurements accepted runtime-data {@code measurements} values, or null when the
 *     policy does not pin them (an empty list accepts nothing)
 * @param moduleDigests lower-case SHA-384 hex digests of the bundle jars allowed to be active, or
 *     null when the policy has no {@code modules} section (an empty list accepts no bundle)
 */
public record PolicyDocument(String name, String digest, Map<String, TeeRules> tees, List<String> runtimeMeasurements,
        List<String> moduleDigests) {
    /** A policy without a {@code modules} section. */
    public PolicyDocument(String name, String digest, Map<String, TeeRules> tees, List<String> runtimeMeasurements) {
        this(name, digest, tees, runtimeMeasurements, null);
    }

    public PolicyDocument {
        moduleDigests = moduleDigests == null ? null : List.copyOf(moduleDigests);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(digest, "digest");
        tees = Collections.unmodifiableMap(new LinkedHashMap<>(tees));
        runtimeMeasurements = runtimeMeasurements == null ? null : List.copyOf(runtimeMeasurements);
    }

    /**
     * The identifier reported in appraisals: the operator's {@code id} and the first 12 hex digits
     * of the file digest, so an edit that forgets to change the id still shows in every token.
     */
    public String revision() {
        return name + "@sha256:" + digest.substring(0, 12);
    }

    /** JSON-shaped form for operators: the rules as parsed, with id, revision and digest. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", name);
        m.put("revision", revision());
        m.put("sha256", digest);
        Map<String, Object> teeMap = new LinkedHashMap<>();
        tees.forEach((tee, rules) -> teeMap.put(tee, rules.describe()));
        m.put("tee", teeMap);
        if (runtimeMeasurements != null) {
            m.put("runtime", Map.of("measurements", runtimeMeasurements));
        }
        if (moduleDigests != null) {
            m.put("modules", Map.of("digests", moduleDigests));
        }
        return m;
    }
}
