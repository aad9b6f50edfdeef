package io.ccl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.VerificationException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON result every command prints: {@code verified}, and on rejection {@code reason} (a stable
 * code) and {@code detail}; verify and attest add {@code tee} and {@code claims}, the receipt and
 * log commands their own members. Exit code 0 when verified, else 1.
 */
final class Outcome {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Map<String, Object> json = new LinkedHashMap<>();

    Outcome(String tee) {
        json.put("verified", false);
        json.put("tee", tee);
    }

    /** An outcome without a {@code tee} member (receipt verification, log audit). */
    Outcome() {
        json.put("verified", false);
    }

    Outcome verified() {
        json.put("verified", true);
        json.remove("reason");
        json.remove("detail");
        return this;
    }

    Outcome verified(Map<String, Object> claims) {
        json.put("verified", true);
        json.put("claims", claims);
        return this;
    }

    Outcome rejected(String reason, String detail) {
        json.put("verified", false);
        json.put("reason", reason);
        json.put("detail", detail);
        return this;
    }

    Outcome rejected(VerificationException e) {
        rejected(e.reasonCode(), e.getMessage());
        if (e instanceof EvidenceRejectedException r && r.expected() != null) {
            json.put("expected", r.expected());
            json.put("actual", r.actual());
        }
        return this;
    }

    Outcome with(String key, Object value) {
        json.put(key, value);
        return this;
    }

    int print(PrintStream out) {
        // verified, reason and detail first, whatever order the members were added in.
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String head : new String[] {"verified", "reason", "detail"}) {
            if (json.containsKey(head)) {
                ordered.put(head, json.get(head));
            }
        }
        ordered.putAll(json);
        try {
            out.println(MAPPER.writeValueAsString(ordered));
        } catch (JsonProcessingException e) {
            out.println("{\"verified\": false, \"reason\": \"OUTPUT_ERROR\"}");
            return Main.REJECTED;
        }
        return Boolean.TRUE.equals(json.get("verified")) ? Main.VERIFIED : Main.REJECTED;
    }
}
