package io.ccl.agents.engine.http;

import io.ccl.agents.api.AgentEngine;
import io.ccl.agents.api.JobRefusedException;
import io.ccl.agents.api.JobView;
import io.ccl.agents.engine.AgentEngineComponent;
import io.ccl.web.JsonServlet;
import io.ccl.web.Problem;
import io.ccl.web.ProblemException;
import io.ccl.web.StrictJson;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/agents} (agent types and their state), {@code GET /api/v1/agents/{type}} and
 * {@code POST /api/v1/agents/{type}/jobs} (submit a job: 202 with the job's id and location).
 */
@Component(service = Servlet.class, configurationPid = AgentEngineComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@HttpWhiteboardServletPattern({AgentsServlet.ROOT, AgentsServlet.ROOT + "/*"})
@HttpWhiteboardServletName("ccl-agents")
public final class AgentsServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    static final String ROOT = "/api/v1/agents";
    private static final Logger LOG = LoggerFactory.getLogger(AgentsServlet.class);

    /** Reads {@code max.body.bytes} of the engine's configuration. */
    public @interface Config {
        int max_body_bytes() default 32 << 20;
    }

    private final transient AgentEngine engine;
    private final int maxBody;

    @Activate
    public AgentsServlet(@Reference AgentEngine engine, Config config) {
        this.engine = engine;
        this.maxBody = config.max_body_bytes();
    }

    @Override
    protected Set<String> methods() {
        return Set.of("GET", "POST");
    }

    @Override
    protected Reply handle(HttpServletRequest req, HttpServletResponse resp) throws ProblemException {
        List<String> s = JobsServlet.segments(req);
        String method = req.getMethod().toUpperCase(Locale.ROOT);
        if (s.isEmpty()) {
            requireMethod(resp, method, "GET");
            return Reply.ok(list());
        }
        if (s.size() == 1) {
            requireMethod(resp, method, "GET");
            return Reply.ok(engine.agents().stream().filter(a -> a.type().equals(s.get(0))).findFirst()
                    .map(JobJson::agent).orElseThrow(() -> unknown()));
        }
        if (s.size() == 2 && s.get(1).equals("jobs")) {
            requireMethod(resp, method, "POST");
            return submit(req, resp, s.get(0));
        }
        throw new ProblemException(Problem.notFound("UNKNOWN_ENDPOINT",
                "agents are /api/v1/agents, /api/v1/agents/{type}, POST /api/v1/agents/{type}/jobs"));
    }

    private Map<String, Object> list() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("agents", engine.agents().stream().map(JobJson::agent).toList());
        body.put("models", JobJson.models(engine.models()));
        body.put("network_isolation_breaches", engine.networkIsolationBreaches());
        return body;
    }

    private Reply submit(HttpServletRequest req, HttpServletResponse resp, String type) throws ProblemException {
        byte[] raw;
        try {
            raw = readBody(req, maxBody);
        } catch (ProblemException e) {
            if (e.problem().status() == 413) {
                // The rest of the body stays unread: this connection ends here.
                resp.setHeader("Connection", "close");
            }
            throw e;
        }
        SubmitRequest body = StrictJson.parse(raw, SubmitRequest.class);
        if (body.input() == null) {
            throw new ProblemException(Problem.badRequest("MISSING_FIELD", "member 'input' is required"));
        }
        if (body.replyTo() == null) {
            throw new ProblemException(Problem.badRequest("MISSING_FIELD", "member 'reply_to' is required"));
        }
        JobView job;
        try {
            job = engine.submit(type, body.input(), body.replyTo());
        } catch (JobRefusedException e) {
            LOG.debug("job for {} refused: {}", type, e.reason());
            throw JobJson.refused(e);
        }
        String location = req.getContextPath() + JobsServlet.ROOT + "/" + job.id();
        resp.setHeader("Location", location);
        LOG.info("job {} accepted for agent type {}", job.id(), job.agentType());
        return new Reply(202, JobJson.accepted(job, location), "application/json");
    }

    private static void requireMethod(HttpServletResponse resp, String method, String allowed) throws ProblemException {
        if (!method.equals(allowed)) {
            resp.setHeader("Allow", allowed);
            throw new ProblemException(new Problem(405, "METHOD_NOT_ALLOWED", "Method not allowed",
                    method + " is not supported here; use " + allowed));
        }
    }

    private static ProblemException unknown() {
        return new ProblemException(Problem.notFound("UNKNOWN_AGENT_TYPE", "no such agent type"));
    }
}
