package io.ccl.attestation.service.ear;

import io.ccl.attestation.api.AttestationResult;
import io.ccl.attestation.api.EarStatus;
import io.ccl.attestation.api.Finding;
import io.ccl.crypto.CryptoException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the claims of a verified CCL EAR token back into an {@link AttestationResult}, so a bearer
 * token can stand in for the session cookie. Only called after the signature, expiry and issuer
 * were checked; any shape other than the one {@link EarToken} writes is {@code MALFORMED}.
 */
public final class EarReader {
    private EarReader() {
    }

    /** The result a verified token describes. */
    public static AttestationResult read(String token, Map<String, Object> claims) throws CryptoException {
        String tee = string(claims, EarToken.CCL_TEE);
        Map<String, Object> submod = map(map(claims, "submods"), tee);
        EarStatus status = EarStatus.fromJson(string(submod, "ear.status"));
        if (!status.json().equals(claims.get(EarToken.CCL_STATUS))) {
            throw malformed("ccl.status differs from the submodule status");
        }
        Map<String, Integer> vector = new LinkedHashMap<>();
        if (submod.containsKey("ear.trustworthiness-vector")) {
            for (Map.Entry<String, Object> e : map(submod, "ear.trustworthiness-vector").entrySet()) {
                long v = integer(e.getValue(), "trust vector");
                if (v < -128 || v > 127) {
                    throw malformed("trust vector values are -128..127");
                }
                vector.put(e.getKey(), (int) v);
            }
        }
        List<Finding> findings = new ArrayList<>();
        if (!(claims.get(EarToken.CCL_FINDINGS) instanceof List<?> list)) {
            throw malformed("ccl.findings is not a list");
        }
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> f) || !(f.get("code") instanceof String code)
                    || !(f.get("status") instanceof String fs) || !(f.get("message") instanceof String msg)) {
                throw malformed("ccl.findings items are {code, status, message}");
            }
            findings.add(new Finding(code, EarStatus.fromJson(fs), msg));
        }
        return new AttestationResult(token, string(claims, "iss"), tee, status, findings, vector,
                withoutNulls(map(submod, "ear.veraison.annotated-evidence")),
                withoutNulls(map(claims, EarToken.CCL_TEE_PUBKEY)), withoutNulls(map(claims, EarToken.CCL_RUNTIME_DATA)),
                string(submod, "ear.appraisal-policy-id"), Instant.ofEpochSecond(integer(claims.get("iat"), "iat")),
                Instant.ofEpochSecond(integer(claims.get("exp"), "exp")));
    }

    /** Top-level JSON nulls carry no information and cannot live in an immutable map. */
    public static Map<String, Object> withoutNulls(Map<String, Object> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static String string(Map<String, Object> m, String key) throws CryptoException {
        if (!(m.get(key) instanceof String s)) {
            throw malformed(key + " is not a string");
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key) throws CryptoException {
        if (!(m.get(key) instanceof Map<?, ?> v)) {
            throw malformed(key + " is not an object");
        }
        for (Object k : v.keySet()) {
            if (!(k instanceof String)) {
                throw malformed(key + " has a non-string member name");
            }
        }
        return (Map<String, Object>) v;
    }

    private static long integer(Object value, String what) throws CryptoException {
        if (value instanceof Long || value instanceof Integer) {
            return ((Number) value).longValue();
        }
        throw malformed(what + " is not an integer");
    }

    private static CryptoException malformed(String why) {
        return new CryptoException(CryptoException.Reason.MALFORMED, "not a CCL EAR token: " + why);
    }
}
