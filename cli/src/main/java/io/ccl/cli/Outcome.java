package io.ccl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.VerificationException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON result printed by verify and attest: {@code verified}, {@code tee}, {@code reason}, {@code claims}. */
final class Outcome {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Map<String, Object> json = new LinkedHashMap<>();

    Outcome(String tee) {
        json.put("verified", false);
        json.put("tee", tee);
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
        try {
            out.println(MAPPER.writeValueAsString(json));
        } catch (JsonProcessingException e) {
            out.println("{\"verified\": false, \"reason\": \"OUTPUT_ERROR\"}");
            return Main.REJECTED;
        }
        return Boolean.TRUE.equals(json.get("verified")) ? Main.VERIFIED : Main.REJECTED;
    }
}
