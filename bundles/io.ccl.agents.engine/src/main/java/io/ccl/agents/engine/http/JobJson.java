package io.ccl.agents.engine.http;

import io.ccl.agents.api.AgentInfo;
import io.ccl.agents.api.JobRefusedException;
import io.ccl.agents.api.JobView;
import io.ccl.agents.api.ModelInfo;
import io.ccl.web.Problem;
import io.ccl.web.ProblemException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the agents and jobs endpoints (snake_case members, absent instead of null). */
final class JobJson {
    private JobJson() {
    }

    static Map<String, Object> job(JobView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", v.id());
        m.put("agent_type", v.agentType());
        m.put("status", v.status().name());
        m.put("submitted_at", v.submittedAt().toString());
        put(m, "started_at", v.startedAt() == null ? null : v.startedAt().toString());
        put(m, "finished_at", v.finishedAt() == null ? null : v.finishedAt().toString());
        m.put("attempts", v.attempts());
        put(m, "result", v.result());
        put(m, "result_content_type", v.resultContentType());
        put(m, "result_sha256", v.resultSha256());
        put(m, "input_sha256", v.inputSha256());
        put(m, "receipt_id", v.receiptId());
        put(m, "safe_view", v.safeView());
        m.put("models", models(v.models()));
        if (v.errorCode() != null) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("code", v.errorCode());
            put(e, "message", v.errorMessage());
            m.put("error", e);
        }
        return m;
    }

    static Map<String, Object> accepted(JobView v, String location) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", v.id());
        m.put("status", v.status().name());
        m.put("location", location);
        return m;
    }

    static Map<String, Object> agent(AgentInfo a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", a.type());
        m.put("description", a.description());
        m.put("state", a.state().name());
        m.put("workers", a.workers());
        m.put("queue_size", a.queueSize());
        m.put("queued", a.queued());
        m.put("running", a.running());
        m.put("completed", a.completed());
        m.put("failed", a.failed());
        m.put("refused", a.refused());
        // Where data sent to this agent may go: useful to a data owner before submitting.
        m.put("egress_allow", a.egressAllow());
        m.put("models", a.models());
        return m;
    }

    static List<Map<String, Object>> models(List<ModelInfo> models) {
        return models.stream().map(mi -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", mi.name());
            m.put("sha256", mi.sha256());
            return m;
        }).toList();
    }

    /** The problem for a refused job (status by reason, Retry-After where waiting helps). */
    static ProblemException refused(JobRefusedException e) {
        String code = e.reason().name();
        String retry = e.retryAfterSeconds() > 0 ? Integer.toString(e.retryAfterSeconds()) : null;
        return switch (e.reason()) {
            case NOT_READY -> e.lockdown()
                    ? new ProblemException(new Problem(409, code, "Conflict", e.getMessage()))
                    : new ProblemException(Problem.unavailable(code, e.getMessage()), retry);
            case UNKNOWN_AGENT_TYPE -> new ProblemException(Problem.notFound(code, e.getMessage()));
            case INVALID_INPUT, INVALID_REPLY_KEY -> new ProblemException(Problem.badRequest(code, e.getMessage()));
            case AGENT_UNAVAILABLE, QUEUE_FULL, STORE_FULL ->
                    new ProblemException(Problem.unavailable(code, e.getMessage()), retry);
        };
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
