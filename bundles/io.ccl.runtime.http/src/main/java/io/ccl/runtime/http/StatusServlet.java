package io.ccl.runtime.http;

import io.ccl.agents.api.AgentEngine;
import io.ccl.runtime.api.ConfidentialRuntime;
import io.ccl.runtime.api.RuntimeState;
import io.ccl.runtime.api.RuntimeStatus;
import io.ccl.web.JsonServlet;
import io.ccl.web.ProblemException;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** {@code GET /api/v1/compute/status}: the runtime's operational status in the seeds' shape. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/compute/status")
public final class StatusServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;

    private final transient ConfidentialRuntime runtime;
    private final transient SystemMetrics metrics;
    /** The agent engine, when the agents feature is installed. */
    @Reference(service = AgentEngine.class, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile AgentEngine engine;


    @Activate
    public StatusServlet(@Reference ConfidentialRuntime runtime, @Reference SystemMetrics metrics) {
        this.runtime = runtime;
        this.metrics = metrics;
    }

    @Override
    protected Set<String> methods() {
        return Set.of("GET");
    }

    @Override
    protected Reply handle(HttpServletRequest request, HttpServletResponse response) throws ProblemException {
        RuntimeStatus s = runtime.status();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", operational(s.state()));
        body.put("state", s.state().name());
        body.put("tee_technology", s.teeType());
        body.put("attestation_status", s.attestation().json());
        AgentEngine agents = engine;
        body.put("available_models", agents == null ? List.of()
                : agents.models().stream().map(m -> m.name() + "@sha256:" + m.sha256()).toList());
        body.put("available_agents", agents == null ? List.of()
                : agents.agents().stream().filter(a -> a.state() == io.ccl.agents.api.AgentInfo.State.AVAILABLE)
                        .map(io.ccl.agents.api.AgentInfo::type).toList());
        Map<String, Object> system = new LinkedHashMap<>();
        system.put("available_memory", metrics.availableMemoryBytes());
        system.put("cpu_utilization", metrics.cpuUtilization());
        system.put("pending_requests", metrics.pendingRequests());
        body.put("system_metrics", system);
        return Reply.ok(body);
    }

    /** READY is operational; LOCKDOWN is maintenance (operator action needed); anything else is degraded. */
    static String operational(RuntimeState state) {
        return switch (state) {
            case READY -> "operational";
            case LOCKDOWN -> "maintenance";
            default -> "degraded";
        };
    }
}
