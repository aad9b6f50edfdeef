package io.ccl.agents.engine.http;

import io.ccl.agents.api.AgentEngine;
import io.ccl.web.JsonServlet;
import io.ccl.web.Problem;
import io.ccl.web.ProblemException;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /api/v1/jobs/{id}}: a job's status, its sealed result and safe view once COMPLETED,
 * its error once FAILED. There is no listing: a job id (128 random bits) is the capability to read
 * the job, and the result opens only with the requester's private key anyway.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({JobsServlet.ROOT, JobsServlet.ROOT + "/*"})
@HttpWhiteboardServletName("ccl-jobs")
public final class JobsServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    static final String ROOT = "/api/v1/jobs";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{22}");

    private final transient AgentEngine engine;

    @Activate
    public JobsServlet(@Reference AgentEngine engine) {
        this.engine = engine;
    }

    @Override
    protected Set<String> methods() {
        return Set.of("GET");
    }

    @Override
    protected Reply handle(HttpServletRequest req, HttpServletResponse resp) throws ProblemException {
        List<String> s = segments(req);
        if (s.size() != 1) {
            throw new ProblemException(Problem.notFound("UNKNOWN_ENDPOINT", "jobs are /api/v1/jobs/{id}"));
        }
        String id = s.get(0);
        if (!ID.matcher(id).matches()) {
            throw notFound();
        }
        return Reply.ok(engine.job(id).map(JobJson::job).orElseThrow(JobsServlet::notFound));
    }

    private static ProblemException notFound() {
        return new ProblemException(Problem.notFound("UNKNOWN_JOB", "no such job (or it expired)"));
    }

    /** Path segments after the servlet path. */
    static List<String> segments(HttpServletRequest req) {
        String info = req.getPathInfo();
        if (info == null || info.isEmpty() || info.equals("/")) {
            return List.of();
        }
        return Arrays.asList(info.substring(1).split("/", -1));
    }
}
