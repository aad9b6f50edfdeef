package io.ccl.runtime.http;

import io.ccl.runtime.api.BoundEvidence;
import io.ccl.runtime.api.ConfidentialRuntime;
import io.ccl.runtime.api.RuntimeOperationException;
import io.ccl.runtime.api.RuntimeStatus;
import io.ccl.tee.api.EvidenceJson;
import io.ccl.web.JsonServlet;
import io.ccl.web.Problem;
import io.ccl.web.ProblemException;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /api/v1/compute/attestation[?nonce=...]}: fresh evidence of this runtime, bound to the
 * caller's nonce, its attested key and its measurements, for data owners who verify the runtime
 * themselves before sending data.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/compute/attestation")
public final class AttestationServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_\\-]{16,128}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String INSTRUCTIONS = "Recompute report_data = SHA-384(JCS(runtime_data)) zero-padded to "
            + "64 bytes and compare it with the report's REPORT_DATA; check runtime_data.nonce equals your nonce; "
            + "verify the report's signature chain to the vendor root offline, e.g. "
            + "'ccl verify --tee <tee_type> --evidence report.bin --report-data <hex>', or run 'ccl attest --url <this runtime>'. "
            + "Then encrypt data to runtime_data.tee-pubkey only.";

    private final transient ConfidentialRuntime runtime;

    @Activate
    public AttestationServlet(@Reference ConfidentialRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    protected Set<String> methods() {
        return Set.of("GET");
    }

    @Override
    protected Reply handle(HttpServletRequest request, HttpServletResponse response) throws ProblemException {
        String nonce = request.getParameter("nonce");
        if (nonce == null) {
            byte[] n = new byte[32];
            RANDOM.nextBytes(n);
            nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(n);
        } else if (!NONCE.matcher(nonce).matches()) {
            throw new ProblemException(Problem.badRequest("INVALID_NONCE", "nonce must be 16-128 base64url characters"));
        }
        BoundEvidence bound;
        try {
            bound = runtime.evidence(nonce);
        } catch (RuntimeOperationException e) {
            throw new ProblemException(Problem.unavailable("EVIDENCE_UNAVAILABLE", e.getMessage()), "5");
        }
        RuntimeStatus s = runtime.status();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("attestation_report", Base64.getEncoder().encodeToString(bound.evidence().payload()));
        body.put("tee_type", bound.evidence().teeType());
        body.put("timestamp", Instant.now().toString());
        body.put("verification_service", s.verificationService());
        body.put("verification_instructions", INSTRUCTIONS);
        body.put("nonce", nonce);
        body.put("runtime_data", bound.runtimeData());
        body.put("tee_evidence", EvidenceJson.toJson(bound.evidence()));
        s.lastResult().ifPresent(r -> body.put("attestation_token", r.token()));
        return Reply.ok(body);
    }
}
