package io.ccl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON result of {@code ccl job submit|get}: {@code job}, {@code status}, and when something
 * went wrong {@code reason} (a stable code) and {@code detail}; then the job's members in the
 * order of {@link #ORDER}, then the rest. Exit code 0 without a reason, else 1.
 */
final class JobReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final List<String> ORDER = List.of("job", "status", "reason", "detail", "agent_type", "result", "safe_view",
            "receipt_id", "input_sha256", "result_sha256", "error");
    private final Map<String, Object> json = new LinkedHashMap<>();

    JobReport with(String key, Object value) {
        json.put(key, value);
        return this;
    }

    JobReport without(String key) {
        json.remove(key);
        return this;
    }

    JobReport failed(String reason, String detail) {
        json.put("reason", reason);
        json.put("detail", detail);
        return this;
    }

    /** Reason, detail, and for an error answer {@code http_status} and {@code problem}. */
    JobReport failed(HttpFetcher.FetchException e) {
        failed(e.reason(), e.getMessage());
        if (e.status() != 0) {
            json.put("http_status", e.status());
        }
        if (e.problem() != null) {
            json.put("problem", e.problem());
        }
        return this;
    }

    boolean isFailed() {
        return json.containsKey("reason");
    }

    int print(PrintStream out) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String key : ORDER) {
            if (json.containsKey(key)) {
                ordered.put(key, json.get(key));
            }
        }
        ordered.putAll(json);
        try {
            out.println(MAPPER.writeValueAsString(ordered));
        } catch (JsonProcessingException e) {
            out.println("{\"reason\": \"OUTPUT_ERROR\"}");
            return Main.REJECTED;
        }
        return isFailed() ? Main.REJECTED : Main.VERIFIED;
    }
}
