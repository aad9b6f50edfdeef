package io.ccl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccl.crypto.CryptoException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A job as {@code GET /api/v1/jobs/{id}} shows it (see {@code io.ccl.agents.engine}'s README):
 * {@code id}, {@code agent_type}, {@code status}, and once COMPLETED {@code result} (a compact JWE
 * to the requester's key), {@code result_sha256} (hex SHA-256 of the <em>plaintext</em> result),
 * {@code input_sha256} (hex SHA-256 of the decrypted input), {@code safe_view} and
 * {@code receipt_id} (the job's entry in the receipts log); once FAILED {@code error}.
 *
 * @param json the view as received
 */
record JobView(JsonNode json) {
    static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED");
    private static final Set<String> STATUSES = Set.of("QUEUED", "RUNNING", "COMPLETED", "FAILED");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A job view of job {@code id}, or a {@link MalformedView}. */
    static JobView parse(byte[] body, String id) throws MalformedView {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new MalformedView("the job view is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new MalformedView("the job view is not a JSON object");
        }
        if (!id.equals(node.path("id").asText(null))) {
            throw new MalformedView("the job view is of another job");
        }
        if (!STATUSES.contains(node.path("status").asText(""))) {
            throw new MalformedView("the job view has no known status");
        }
        return new JobView(node);
    }

    String status() {
        return json.get("status").asText();
    }

    boolean ended() {
        return TERMINAL.contains(status());
    }

    String agentType() {
        return json.path("agent_type").asText(null);
    }

    /**
     * Adds the job's members to {@code report}; for a FAILED job, reason {@code JOB_FAILED}. For a
     * COMPLETED job: {@code input_sha256} must equal {@code sentInputSha256} when given (else
     * {@code INPUT_DIGEST_MISMATCH}); with a {@code key}, the result must open
     * ({@code RESULT_UNREADABLE}), its SHA-256 must be {@code result_sha256}
     * ({@code RESULT_DIGEST_MISMATCH}) and it must be JSON ({@code RESULT_MALFORMED}); only then
     * is it added as {@code result}. Without a key, the digests are reported as the runtime
     * claims them.
     */
    JobReport reportTo(JobReport report, RequesterKey key, String sentInputSha256) {
        report.with("job", json.get("id").asText()).with("status", status());
        copy(report, "agent_type");
        copy(report, "safe_view");
        copy(report, "receipt_id");
        if ("FAILED".equals(status())) {
            copy(report, "input_sha256");
            JsonNode error = json.path("error");
            report.with("error", error.isObject() ? error : null);
            return report.failed("JOB_FAILED", "the job failed with " + error.path("code").asText("no error code")
                    + (error.hasNonNull("message") ? ": " + error.get("message").asText() : ""));
        }
        if (!"COMPLETED".equals(status())) {
            copy(report, "input_sha256");
            return report;
        }
        String inputSha = sha(json.get("input_sha256"));
        String resultSha = sha(json.get("result_sha256"));
        if (inputSha == null || resultSha == null || !json.path("result").isTextual()) {
            return report.failed("MALFORMED", "a COMPLETED job view lacks result, result_sha256 or input_sha256");
        }
        if (sentInputSha256 != null && !sentInputSha256.equals(inputSha)) {
            return report.with("input_sha256", inputSha).failed("INPUT_DIGEST_MISMATCH",
                    "the runtime reports processing an input whose SHA-256 is not that of the input sent ("
                            + sentInputSha256 + ")");
        }
        report.with("input_sha256", inputSha);
        if (key == null) {
            return report.with("result_sha256", resultSha);
        }
        byte[] plaintext;
        try {
            plaintext = key.open(json.get("result").asText());
        } catch (CryptoException e) {
            return report.failed("RESULT_UNREADABLE", "the result does not open with the requester key (" + e.reason() + ")");
        }
        try {
            String actual = JobInput.sha256(plaintext);
            if (!actual.equals(resultSha)) {
                return report.with("result_sha256", resultSha).failed("RESULT_DIGEST_MISMATCH",
                        "the opened result's SHA-256 is " + actual + ", not the result_sha256 the runtime reports");
            }
            JsonNode result;
            try {
                result = MAPPER.readTree(plaintext);
            } catch (IOException e) {
                result = null;
            }
            if (result == null || result.isMissingNode()) {
                return report.with("result_sha256", resultSha).failed("RESULT_MALFORMED", "the opened result is not JSON");
            }
            return report.with("result", result).with("result_sha256", resultSha);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private void copy(JobReport report, String member) {
        if (json.has(member) && !json.get(member).isNull()) {
            report.with(member, json.get(member));
        }
    }

    private static String sha(JsonNode node) {
        return node != null && node.isTextual() && SHA256.matcher(node.asText()).matches()
                ? node.asText().toLowerCase(Locale.ROOT) : null;
    }

    /** The runtime answered something that is not a job view of the expected job. */
    static final class MalformedView extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedView(String message) {
            super(message);
        }
    }
}
