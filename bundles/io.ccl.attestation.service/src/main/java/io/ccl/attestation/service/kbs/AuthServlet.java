package io.ccl.attestation.service.kbs;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.ccl.attestation.api.AttestationException;
import io.ccl.attestation.api.Challenge;
import io.ccl.attestation.service.KbsBackend;
import io.ccl.web.JsonServlet;
import io.ccl.web.Problem;
import io.ccl.web.ProblemException;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code POST /kbs/v0/auth}: {@code {"version": "0.1.0", "tee": "sevsnp", "extra-params": ...}} →
 * {@code {"nonce": "...", "extra-params": ""}} and the {@code kbs-session-id} cookie.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(AuthServlet.PATH)
@HttpWhiteboardServletName("ccl-kbs-auth")
public final class AuthServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    static final String PATH = "/kbs/v0/auth";
    /** KBS protocol versions 0.x are accepted. */
    private static final Pattern VERSION = Pattern.compile("0\\.\\d{1,4}\\.\\d{1,4}");

    /** The request body; {@code extra-params} may be any JSON value and is ignored. */
    record AuthRequest(String version, String tee, @JsonProperty("extra-params") JsonNode extraParams) {
    }

    private final transient KbsBackend backend;

    @Activate
    public AuthServlet(@Reference KbsBackend backend) {
        this.backend = backend;
    }

    @Override
    protected Set<String> methods() {
        return Set.of("POST");
    }

    @Override
    protected Reply handle(HttpServletRequest req, HttpServletResponse resp) throws ProblemException {
        AuthRequest body = readJson(req, backend.maxBodyBytes(), AuthRequest.class);
        if (body.version() == null || body.tee() == null) {
            throw new ProblemException(Problem.badRequest("BAD_REQUEST", "version and tee are required"));
        }
        if (!VERSION.matcher(body.version()).matches()) {
            throw new ProblemException(Problem.badRequest("UNSUPPORTED_VERSION",
                    "KBS protocol version " + body.version() + " is not supported (0.x.y)"));
        }
        Challenge challenge;
        try {
            challenge = backend.challenge(body.tee());
        } catch (AttestationException e) {
            throw AttestationProblems.of(e);
        }
        resp.addHeader("Set-Cookie", SessionCookie.header(challenge.sessionId(), req.isSecure()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nonce", challenge.nonce());
        out.put("extra-params", "");
        return Reply.ok(out);
    }
}
