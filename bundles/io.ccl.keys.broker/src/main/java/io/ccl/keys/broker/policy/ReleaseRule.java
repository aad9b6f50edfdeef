package io.ccl.keys.broker.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ccl.attestation.api.AttestationResult;
import io.ccl.attestation.api.EarStatus;
import io.ccl.keys.api.ResourcePath;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One grant of a release policy: the resources it covers, the TEE types it admits, the lowest
 * EAR status it accepts and claim constraints that must all hold (each claim, found by a dot path
 * into the result's claims, must equal one of the listed scalar values).
 */
record ReleaseRule(List<ResourceGlob> resources, Set<String> teeTypes, EarStatus minStatus,
        Map<String, List<JsonNode>> claims) {
    ReleaseRule {
        resources = List.copyOf(resources);
        teeTypes = Set.copyOf(teeTypes);
        claims = Map.copyOf(claims);
    }

    boolean matches(ResourcePath path, AttestationResult result) {
        if (resources.stream().noneMatch(glob -> glob.matches(path))) {
            return false;
        }
        if (result.teeType() == null || !teeTypes.contains(result.teeType())) {
            return false;
        }
        if (result.status().rank() < minStatus.rank()) {
            return false;
        }
        for (Map.Entry<String, List<JsonNode>> constraint : claims.entrySet()) {
            Object actual = claim(result.claims(), constraint.getKey());
            if (constraint.getValue().stream().noneMatch(allowed -> scalarEquals(allowed, actual))) {
                return false;
            }
        }
        return true;
    }

    /** The value at a dot path ({@code tcb.snp}) in JSON-shaped claims, or null. */
    static Object claim(Map<String, Object> claims, String dotPath) {
        Object current = claims;
        for (String key : dotPath.split("\\.", -1)) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    /** JSON scalar equality: strings exactly, numbers by value (1 == 1.0), booleans. */
    static boolean scalarEquals(JsonNode allowed, Object actual) {
        if (allowed.isTextual()) {
            return actual instanceof String s && s.equals(allowed.textValue());
        }
        if (allowed.isBoolean()) {
            return actual instanceof Boolean b && b == allowed.booleanValue();
        }
        if (allowed.isNumber() && actual instanceof Number n) {
            try {
                return new BigDecimal(n.toString()).compareTo(allowed.decimalValue()) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }
}
