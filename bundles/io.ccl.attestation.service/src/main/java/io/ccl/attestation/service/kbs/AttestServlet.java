package io.ccl.attestation.service.kbs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ccl.attestation.api.AttestationException;
import io.ccl.attestation.api.AttestationResult;
import io.ccl.attestation.service.KbsBackend;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.EvidenceJson;
import io.ccl.web.JsonServlet;
import io.ccl.web.Problem;
import io.ccl.web.ProblemException;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code POST /kbs/v0/attest} with the session cookie: {@code {"runtime-data": {...},
 * "tee-evidence": {...}}} → {@code {"token": "<EAR>"}}. Any other member (including Trustee's
 * {@code init-data}, which CCL does not verify) is refused rather than silently ignored.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(AttestServlet.PATH)
@HttpWhiteboardServletName("ccl-kbs-attest")
public final class AttestServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    static final String PATH = "/kbs/v0/attest";

    /** The request body. */
    record AttestRequest(@JsonProperty("runtime-data") Map<String, Object> runtimeData,
            @JsonProperty("tee-evidence") Map<String, Object> teeEvidence) {
    }

    private final transient KbsBackend backend;

    @Activate
    public AttestServlet(@Reference KbsBackend backend) {
        this.backend = backend;
    }

    @Override
    protected Set<String> methods() {
        return Set.of("POST");
    }

    @Override
    protected Reply handle(HttpServletRequest req, HttpServletResponse resp) throws ProblemException {
        String session = SessionCookie.read(req).orElseThrow(() -> new ProblemException(
                Problem.unauthorized("UNKNOWN_SESSION", "no " + SessionCookie.NAME + " cookie: call /kbs/v0/auth first")));
        AttestRequest body = readJson(req, backend.maxBodyBytes(), AttestRequest.class);
        if (body.runtimeData() == null || body.teeEvidence() == null) {
            throw new ProblemException(Problem.badRequest("BAD_REQUEST", "runtime-data and tee-evidence are required"));
        }
        Evidence evidence;
        try {
            evidence = EvidenceJson.fromJson(body.teeEvidence());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.badRequest("MALFORMED_EVIDENCE", e.getMessage()));
        }
        try {
            AttestationResult result = backend.attest(session, body.runtimeData(), evidence);
            return Reply.ok(Map.of("token", result.token()));
        } catch (AttestationException e) {
            throw AttestationProblems.of(e);
        }
    }
}
