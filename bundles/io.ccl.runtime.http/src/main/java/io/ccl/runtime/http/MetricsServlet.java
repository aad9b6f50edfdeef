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
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** {@code GET /metrics}: Prometheus text exposition format 0.0.4. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/metrics")
public final class MetricsServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final transient ConfidentialRuntime runtime;
    private final transient SystemMetrics metrics;
    /** The agent engine, when the agents feature is installed. */
    @Reference(service = AgentEngine.class, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile AgentEngine engine;


    @Activate
    public MetricsServlet(@Reference ConfidentialRuntime runtime, @Reference SystemMetrics metrics) {
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
        StringBuilder out = new StringBuilder(1024);
        gauge(out, "enclave_attestation_valid", "1 when the runtime holds a trustworthy, unexpired attestation",
                runtime.acceptsData() ? 1 : 0);
        out.append("# HELP ccl_runtime_state Current runtime state (1 for the active state)\n");
        out.append("# TYPE ccl_runtime_state gauge\n");
        for (RuntimeState st : RuntimeState.values()) {
            out.append("ccl_runtime_state{state=\"").append(st.name().toLowerCase(java.util.Locale.ROOT)).append("\"} ")
                    .append(st == s.state() ? 1 : 0).append('\n');
        }
        gauge(out, "ccl_attestation_expires_in_seconds", "Seconds until the current attestation result expires",
                s.lastResult().map(r -> Math.max(0, Duration.between(Instant.now(), r.expiresAt()).toSeconds())).orElse(0L));
        gauge(out, "ccl_secrets_provisioned", "1 when the configured secrets are held", s.secretsProvisioned() ? 1 : 0);
        gauge(out, "ccl_tee_insecure", "1 when the TEE is simulated", s.insecureTee() ? 1 : 0);
        gauge(out, "ccl_http_requests_in_flight", "HTTP requests being served", metrics.pendingRequests());
        gauge(out, "ccl_jvm_heap_used_bytes", "JVM heap in use", metrics.usedHeapBytes());
        gauge(out, "ccl_jvm_heap_available_bytes", "JVM heap still available", metrics.availableMemoryBytes());
        AgentEngine agents = engine;
        if (agents != null) {
            gauge(out, "ccl_agents_available", "agent types that can run jobs",
                    agents.agents().stream().filter(a -> a.state() == io.ccl.agents.api.AgentInfo.State.AVAILABLE).count());
            out.append("# HELP ccl_agents_network_isolation_breaches_total Egress attempts outside an agent's allowlist\n");
            out.append("# TYPE ccl_agents_network_isolation_breaches_total counter\n");
            out.append("ccl_agents_network_isolation_breaches_total ").append(agents.networkIsolationBreaches()).append('\n');
        }
        return Reply.text(out.toString(), CONTENT_TYPE);
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(' ').append(value).append('\n');
    }
}
