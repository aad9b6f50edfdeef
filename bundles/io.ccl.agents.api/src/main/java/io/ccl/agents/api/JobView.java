package io.ccl.agents.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the engine says about a job. Holds no plaintext: the result only as a compact JWE sealed to
 * the requester's key, and the agent's safe view.
 *
 * @param id the job id (random, 128 bits, base64url)
 * @param agentType the agent type
 * @param status the status
 * @param submittedAt when it was accepted
 * @param startedAt when its (last) run started, or null
 * @param finishedAt when it ended, or null
 * @param attempts how many times it was started (2 when re-run after its agent bundle was replaced)
 * @param result compact JWE of the full result for the requester (COMPLETED only), else null
 * @param resultContentType media type of the sealed result (COMPLETED only), else null
 * @param safeView the agent's safe view (COMPLETED only), else null
 * @param inputSha256 hex SHA-256 of the decrypted input, once it was decrypted, else null
 * @param resultSha256 hex SHA-256 of the plaintext result (COMPLETED only), else null
 * @param models models the job loaded
 * @param errorCode why it failed (FAILED only), such as {@code QUEUE_CANCELLED},
 *        {@code NETWORK_ISOLATION_BREACH}, {@code MODEL_DIGEST_MISMATCH}, else null
 * @param errorMessage a safe human explanation (FAILED only), else null
 * @param receiptId the id of the job's entry in the receipts log ({@code GET /api/v1/receipts/{id}}),
 *     once that entry is durable (just after the job ends), else null
 */
public record JobView(String id, String agentType, JobStatus status, Instant submittedAt, Instant startedAt,
        Instant finishedAt, int attempts, String result, String resultContentType, Map<String, Object> safeView,
        String inputSha256, String resultSha256, List<ModelInfo> models, String errorCode, String errorMessage,
        String receiptId) {
    public JobView {
        models = List.copyOf(models);
    }
}
