package io.ccl.runtime.channel;

import io.ccl.attestation.api.AttestationResult;
import io.ccl.attestation.api.EarStatus;
import io.ccl.attestation.api.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a verified EAR token's claims (CCL layout) back into an {@link AttestationResult}. */
final class EarClaims {
    private EarClaims() {
    }

    static AttestationResult toResult(String token, Map<String, Object> c) throws ChannelException {
        String tee = string(c, "ccl.tee");
        Map<String, Object> submod = map(map(c, "submods"), tee);
        EarStatus status = EarStatus.fromJson(string(c, "ccl.status"));
        List<Finding> findings = new ArrayList<>();
        if (c.get("ccl.findings") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> f && f.get("code") instanceof String code && f.get("status") instanceof String st
                        && f.get("message") instanceof String msg) {
                    findings.add(new Finding(code, EarStatus.fromJson(st), msg));
                }
            }
        }
        Map<String, Integer> vector = new java.util.LinkedHashMap<>();
        map(submod, "ear.trustworthiness-vector").forEach((k, v) -> {
            if (v instanceof Number n) {
                vector.put(k, n.intValue());
            }
        });
        return new AttestationResult(token, string(c, "iss"), tee, status, findings, vector,
                map(submod, "ear.veraison.annotated-evidence"), map(c, "ccl.tee-pubkey"), map(c, "ccl.runtime-data"),
                submod.get("ear.appraisal-policy-id") instanceof String p ? p : "", instant(c, "iat"), instant(c, "exp"));
    }

    private static String string(Map<String, Object> c, String name) throws ChannelException {
        if (c.get(name) instanceof String s) {
            return s;
        }
        throw new ChannelException("TOKEN_MALFORMED", "EAR token lacks " + name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> c, String name) {
        return c.get(name) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static Instant instant(Map<String, Object> c, String name) throws ChannelException {
        Object v = c.get(name);
        if (v instanceof Number n) {
            return Instant.ofEpochSecond(n.longValue());
        }
        if (v instanceof java.util.Date d) {
            return d.toInstant();
        }
        throw new ChannelException("TOKEN_MALFORMED", "EAR token lacks " + name);
    }
}
