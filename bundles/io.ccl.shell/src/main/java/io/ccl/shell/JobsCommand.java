package io.ccl.shell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccl.agents.api.AgentEngine;
import io.ccl.agents.api.JobView;
import java.time.Duration;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code ccl:jobs [ID]}: the stored jobs, newest first (at most {@value #MAX_ROWS}), or one job as
 * {@code key=value} lines with its digests, error and safe view. The sealed result is shown by size
 * only; nothing here is plaintext.
 */
@Component(service = JobsCommand.class, property = {"osgi.command.scope=ccl", "osgi.command.function=jobs"})
public final class JobsCommand {
    static final int MAX_ROWS = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AgentEngine engine;

    @Activate
    public JobsCommand(@Reference AgentEngine engine) {
        this.engine = engine;
    }

    public String jobs() {
        List<JobView> jobs = engine.jobs();
        if (jobs.isEmpty()) {
            return "no jobs";
        }
        Table t = new Table("ID", "TYPE", "STATUS", "SUBMITTED", "RUN_MS", "ERROR");
        jobs.stream().limit(MAX_ROWS).forEach(j -> t.row(j.id(), j.agentType(), j.status(), j.submittedAt(),
                j.startedAt() == null || j.finishedAt() == null ? null
                        : Duration.between(j.startedAt(), j.finishedAt()).toMillis(), j.errorCode()));
        String more = jobs.size() > MAX_ROWS ? "\n... " + (jobs.size() - MAX_ROWS) + " more" : "";
        return t + more;
    }

    public String jobs(String id) {
        JobView j = engine.job(id).orElse(null);
        if (j == null) {
            return KeyText.error("NOT_FOUND", "no job '" + (id.matches("[A-Za-z0-9_-]{1,64}") ? id : "?") + "'");
        }
        StringBuilder b = new StringBuilder();
        Describe.line(b, "id", j.id());
        Describe.line(b, "agent_type", j.agentType());
        Describe.line(b, "status", j.status().name());
        Describe.line(b, "attempts", Integer.toString(j.attempts()));
        Describe.line(b, "submitted_at", j.submittedAt().toString());
        Describe.line(b, "started_at", String.valueOf(j.startedAt() == null ? "-" : j.startedAt()));
        Describe.line(b, "finished_at", String.valueOf(j.finishedAt() == null ? "-" : j.finishedAt()));
        Describe.line(b, "input_sha256", orDash(j.inputSha256()));
        Describe.line(b, "result_sha256", orDash(j.resultSha256()));
        Describe.line(b, "result", j.result() == null ? "-" : "compact JWE to the requester, " + j.result().length()
                + " characters");
        Describe.line(b, "models", j.models().isEmpty() ? "none"
                : String.join(", ", j.models().stream().map(m -> m.name() + " sha256:" + m.sha256()).toList()));
        if (j.errorCode() != null) {
            Describe.line(b, "error", j.errorCode());
            Describe.line(b, "error_message", orDash(j.errorMessage()));
        }
        if (j.safeView() != null) {
            try {
                Describe.line(b, "safe_view", JSON.writeValueAsString(j.safeView()));
            } catch (JsonProcessingException e) {
                Describe.line(b, "safe_view", "(not printable)");
            }
        }
        return b.toString().stripTrailing();
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }
}
