package io.ccl.agents.engine.jobs;

import io.ccl.agents.api.JobStatus;
import io.ccl.agents.api.JobView;
import io.ccl.agents.api.ModelInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One job and its state machine. Every transition is guarded: a run is identified by its attempt
 * number, so a worker whose run was cancelled, timed out or re-queued cannot complete or fail the
 * job afterwards. Terminal states are final. The input is held only as the JWE the client sent
 * (ciphertext) and dropped at the first terminal transition.
 */
final class Job {
    private final String id;
    private final String type;
    private final Map<String, Object> replyTo;
    private final Instant submittedAt;
    private String inputJwe;
    private JobStatus status = JobStatus.QUEUED;
    private int attempts;
    private Instant startedAt;
    private Instant finishedAt;
    private String result;
    private String resultContentType;
    private Map<String, Object> safeView;
    private String inputSha256;
    private String resultSha256;
    private String receiptId;
    private List<ModelInfo> models = List.of();
    private String errorCode;
    private String errorMessage;
    private long resultBytes;
    private boolean counted;

    Job(String id, String type, String inputJwe, Map<String, Object> replyTo, Instant submittedAt) {
        this.id = Objects.requireNonNull(id);
        this.type = Objects.requireNonNull(type);
        this.inputJwe = Objects.requireNonNull(inputJwe);
        this.replyTo = Map.copyOf(replyTo);
        this.submittedAt = submittedAt;
    }

    String id() {
        return id;
    }

    String type() {
        return type;
    }

    Map<String, Object> replyTo() {
        return replyTo;
    }

    /** QUEUED → RUNNING; returns the run's attempt number, or -1 when the job is not queued. */
    synchronized int start(Instant now) {
        if (status != JobStatus.QUEUED) {
            return -1;
        }
        status = JobStatus.RUNNING;
        startedAt = now;
        return ++attempts;
    }

    /** The input JWE while run {@code attempt} is running, else null. */
    synchronized String input(int attempt) {
        return running(attempt) ? inputJwe : null;
    }

    synchronized void inputDigest(int attempt, String sha256) {
        if (running(attempt)) {
            inputSha256 = sha256;
        }
    }

    synchronized void modelsUsed(int attempt, List<ModelInfo> used) {
        if (running(attempt)) {
            models = List.copyOf(used);
        }
    }

    /** RUNNING(attempt) → COMPLETED. */
    synchronized boolean complete(int attempt, String sealed, String contentType, Map<String, Object> view,
            String resultDigest, Instant now) {
        if (!running(attempt)) {
            return false;
        }
        status = JobStatus.COMPLETED;
        result = sealed;
        resultContentType = contentType;
        safeView = view;
        resultSha256 = resultDigest;
        resultBytes = sealed.length();
        finish(now);
        return true;
    }

    /** RUNNING(attempt) → FAILED. */
    synchronized boolean failRun(int attempt, String code, String message, Instant now) {
        return running(attempt) && doFail(code, message, now);
    }

    /** Any non-terminal state → FAILED. */
    synchronized boolean fail(String code, String message, Instant now) {
        return !status.terminal() && doFail(code, message, now);
    }

    /** RUNNING(attempt) → QUEUED, for a re-run on a replacement agent service. */
    synchronized boolean requeue(int attempt) {
        if (!running(attempt)) {
            return false;
        }
        status = JobStatus.QUEUED;
        return true;
    }

    synchronized int attempts() {
        return attempts;
    }

    synchronized JobStatus status() {
        return status;
    }

    synchronized Instant finishedAt() {
        return finishedAt;
    }

    /** Characters of the stored sealed result (counted against the store's budget). */
    synchronized long resultBytes() {
        return resultBytes;
    }

    /** Marks the result as counted by the store; true the first time only. */
    synchronized boolean count() {
        if (counted || !status.terminal()) {
            return false;
        }
        counted = true;
        return true;
    }

    /** Releases the store's count; true when it had been counted. */
    synchronized boolean uncount() {
        boolean was = counted;
        counted = false;
        return was;
    }

    /** The receipt id of the job's log entry, once it is durable. */
    synchronized void receipt(String id) {
        receiptId = id;
    }

    synchronized JobView view() {
        return new JobView(id, type, status, submittedAt, startedAt, finishedAt, attempts, result, resultContentType,
                safeView, inputSha256, resultSha256, models, errorCode, errorMessage, receiptId);
    }

    /** Audit details: never content. */
    synchronized Map<String, String> auditDetails() {
        Map<String, String> d = new java.util.TreeMap<>();
        d.put("agent_type", type);
        d.put("attempts", Integer.toString(attempts));
        if (inputSha256 != null) {
            d.put("input_sha256", inputSha256);
        }
        if (resultSha256 != null) {
            d.put("result_sha256", resultSha256);
        }
        if (!models.isEmpty()) {
            d.put("models", String.join(",", models.stream().map(m -> m.name() + "@sha256:" + m.sha256()).toList()));
        }
        if (errorCode != null) {
            d.put("error", errorCode);
        }
        if (startedAt != null && finishedAt != null) {
            d.put("run_ms", Long.toString(java.time.Duration.between(startedAt, finishedAt).toMillis()));
        }
        return d;
    }

    private boolean running(int attempt) {
        return status == JobStatus.RUNNING && attempts == attempt;
    }

    private boolean doFail(String code, String message, Instant now) {
        status = JobStatus.FAILED;
        errorCode = code;
        errorMessage = message;
        finish(now);
        return true;
    }

    private void finish(Instant now) {
        finishedAt = now;
        inputJwe = null;
    }

    @Override
    public String toString() {
        return "Job[" + id + ", " + type + "]";
    }
}
