package io.ccl.runtime.http;

import io.ccl.attestation.api.AttestationResult;
import io.ccl.runtime.api.ConfidentialRuntime;
import io.ccl.runtime.api.RuntimeState;
import io.ccl.runtime.api.RuntimeStatus;
import io.ccl.web.JsonServlet;
import io.ccl.web.ProblemException;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** {@code GET /health/enclave}: 200 when the runtime accepts data, 503 otherwise, with the seeds' body. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/health/enclave")
public final class HealthServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;

    private final transient ConfidentialRuntime runtime;

    @Activate
    public HealthServlet(@Reference ConfidentialRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    protected Set<String> methods() {
        return Set.of("GET");
    }

    @Override
    protected Reply handle(HttpServletRequest request, HttpServletResponse response) throws ProblemException {
        RuntimeStatus s = runtime.status();
        boolean ready = runtime.acceptsData();
        Map<String, Object> enclave = new LinkedHashMap<>();
        enclave.put("enclave_ready", ready);
        enclave.put("enclave_mode", s.insecureTee() ? "simulation" : "hardware");
        enclave.put("memory_encryption_active", s.memoryEncryptionActive());
        enclave.put("secrets_provisioned", s.secretsProvisioned());
        Map<String, Object> attestation = new LinkedHashMap<>();
        AttestationResult r = s.lastResult().orElse(null);
        attestation.put("valid", r != null && r.expiresAt().isAfter(Instant.now()) && s.state() == RuntimeState.READY);
        attestation.put("trusted", ready);
        attestation.put("expires_at", r == null ? null : r.expiresAt().toString());
        attestation.put("status", r == null ? "none" : r.status().json());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "healthy" : "unhealthy");
        body.put("state", s.state().name());
        if (!s.reason().isEmpty()) {
            body.put("reason", s.reason());
        }
        body.put("enclave", enclave);
        body.put("attestation", attestation);
        return new Reply(ready ? 200 : 503, body, "application/json");
    }
}
