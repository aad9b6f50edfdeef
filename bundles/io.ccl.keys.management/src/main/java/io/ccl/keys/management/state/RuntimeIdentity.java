package io.ccl.keys.management.state;

import io.ccl.crypto.CryptoException;
import io.ccl.crypto.Jwe;
import io.ccl.keys.api.LockdownScope;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a lockdown scope is matched against: the RFC 7638 thumbprint of a runtime's attested
 * {@code tee-pubkey}, its TEE type and its annotated evidence claims flattened to dotted paths with
 * scalar values ({@code measurement}, {@code tcb.snp}, ...). Claims are public facts about the
 * platform, never secrets.
 *
 * @param runtime the key thumbprint (stable for the life of one runtime process)
 * @param tee the TEE type
 * @param claims flattened scalar claims
 */
public record RuntimeIdentity(String runtime, String tee, Map<String, String> claims) {
    private static final int MAX_CLAIMS = 128;
    private static final int MAX_VALUE = 512;
    private static final int MAX_DEPTH = 4;

    public RuntimeIdentity {
        claims = Collections.unmodifiableMap(new TreeMap<>(claims));
    }

    /** The identity of an attested runtime; fails when its key has no thumbprint. */
    public static RuntimeIdentity of(String tee, Map<String, Object> claims, Map<String, Object> teePublicKey)
            throws CryptoException {
        Map<String, String> flat = new TreeMap<>();
        flatten("", claims, flat, 0);
        return new RuntimeIdentity(Jwe.thumbprint(teePublicKey), tee, flat);
    }

    private static void flatten(String prefix, Object value, Map<String, String> out, int depth) {
        if (out.size() >= MAX_CLAIMS || depth > MAX_DEPTH) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                flatten(prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey(), e.getValue(), out,
                        depth + 1);
            }
        } else if (value instanceof List<?>) {
            return; // lists (event logs, certificate chains) are not scope keys
        } else if (value != null && !prefix.isEmpty()) {
            String s = String.valueOf(value);
            if (s.length() <= MAX_VALUE) {
                out.put(prefix, s);
            }
        }
    }

    /** Whether {@code scope} covers this runtime. Hex-looking values compare case-insensitively. */
    public boolean matches(LockdownScope scope) {
        if (scope.isAll()) {
            return true;
        }
        String actual = switch (scope.claim()) {
            case LockdownScope.RUNTIME -> runtime;
            case "tee" -> tee;
            default -> claims.get(scope.claim());
        };
        return actual != null && normalize(actual).equals(normalize(scope.value()));
    }

    private static String normalize(String value) {
        return value.matches("[0-9A-Fa-f]+") ? value.toLowerCase(Locale.ROOT) : value;
    }
}
