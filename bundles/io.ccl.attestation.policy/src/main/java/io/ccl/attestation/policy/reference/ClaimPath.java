package io.ccl.attestation.policy.reference;

import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads claims by path and compares them with policy values. A path is a literal claim name if the
 * claims have one ({@code reported_tcb.snp} as a flat key), else dots walk into nested claim objects.
 * Strings compare case-insensitively (hex digests in either case), integers numerically, booleans
 * exactly; values of different kinds never match.
 */
public final class ClaimPath {
    private static final int MAX_DISPLAY = 96;

    private ClaimPath() {
    }

    /** The value at {@code path}, empty when absent or JSON null. */
    public static Optional<Object> resolve(Map<String, Object> claims, String path) {
        if (claims.containsKey(path)) {
            return Optional.ofNullable(claims.get(path));
        }
        Object current = claims;
        for (String segment : path.split("\\.", -1)) {
            if (!(current instanceof Map<?, ?> map)) {
                return Optional.empty();
            }
            current = map.get(segment);
        }
        return Optional.ofNullable(current);
    }

    /** True when a claim value equals a policy value under the rules above. */
    public static boolean matches(Object claim, Object policyValue) {
        if (claim instanceof String s && policyValue instanceof String p) {
            return s.equalsIgnoreCase(p);
        }
        if (claim instanceof Boolean b && policyValue instanceof Boolean p) {
            return b.equals(p);
        }
        if (policyValue instanceof Long p) {
            OptionalLong v = integer(claim);
            return v.isPresent() && v.getAsLong() == p;
        }
        return false;
    }

    /** The claim as a long when it is an integer that fits. */
    public static OptionalLong integer(Object claim) {
        if (claim instanceof Long || claim instanceof Integer || claim instanceof Short || claim instanceof Byte) {
            return OptionalLong.of(((Number) claim).longValue());
        }
        if (claim instanceof BigInteger big && big.bitLength() < 64) {
            return OptionalLong.of(big.longValue());
        }
        return OptionalLong.empty();
    }

    /** A short rendering for finding messages. */
    public static String display(Object value) {
        String s = value instanceof String str ? "'" + str + "'" : String.valueOf(value);
        return s.length() <= MAX_DISPLAY ? s : s.substring(0, MAX_DISPLAY) + "…";
    }
}
