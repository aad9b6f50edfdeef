package io.ccl.attestation.service.kbs;

import io.ccl.attestation.api.AttestationResult;
import io.ccl.attestation.api.EarStatus;
import io.ccl.attestation.service.KbsBackend;
import io.ccl.crypto.CryptoException;
import io.ccl.keys.api.KeyBroker;
import io.ccl.keys.api.ReleaseDeniedException;
import io.ccl.keys.api.ResourcePath;
import io.ccl.web.JsonServlet;
import io.ccl.web.Problem;
import io.ccl.web.ProblemException;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /kbs/v0/resource/{repo}/{type}/{tag}}, authenticated by the session cookie (the
 * session's latest result) or {@code Authorization: Bearer <EAR>}. The key broker wraps the
 * resource to the attested {@code tee-pubkey}; the JWE is returned in JSON flattened serialization
 * ({@code protected}, {@code encrypted_key}, {@code iv}, {@code ciphertext}, {@code tag}) as
 * Trustee's KBS does.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(ResourceServlet.PATTERN)
@HttpWhiteboardServletName("ccl-kbs-resource")
public final class ResourceServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    static final String PATTERN = "/kbs/v0/resource/*";
    private static final String BEARER = "Bearer ";

    private final transient KbsBackend backend;
    private final transient AtomicReference<KeyBroker> broker = new AtomicReference<>();

    @Activate
    public ResourceServlet(@Reference KbsBackend backend) {
        this.backend = backend;
    }

    @Reference(name = "broker", service = KeyBroker.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetBroker")
    public void setBroker(KeyBroker keyBroker) {
        broker.set(keyBroker);
    }

    public void unsetBroker(KeyBroker keyBroker) {
        broker.compareAndSet(keyBroker, null);
    }

    @Override
    protected Set<String> methods() {
        return Set.of("GET");
    }

    @Override
    protected Reply handle(HttpServletRequest req, HttpServletResponse resp) throws ProblemException {
        AttestationResult result = authenticate(req, resp);
        ResourcePath path = path(req);
        if (!backend.now().isBefore(result.expiresAt())) {
            throw new ProblemException(Problem.unauthorized("ATTESTATION_EXPIRED", "the attestation result expired"));
        }
        if (!result.trustworthyAt(backend.now(), backend.acceptWarning())) {
            throw new ProblemException(Problem.forbidden("NOT_ATTESTED", "the attestation result is "
                    + result.status().json() + (result.status() == EarStatus.WARNING ? " and warnings are not accepted"
                            : "")));
        }
        KeyBroker keyBroker = broker.get();
        if (keyBroker == null) {
            throw new ProblemException(Problem.unavailable("KEY_BROKER_UNAVAILABLE", "no key broker is running"),
                    AttestationProblems.RETRY_AFTER_SECONDS);
        }
        String jwe;
        try {
            jwe = keyBroker.release(path, result);
        } catch (ReleaseDeniedException e) {
            throw AttestationProblems.of(e);
        }
        return Reply.ok(flattened(jwe));
    }

    private AttestationResult authenticate(HttpServletRequest req, HttpServletResponse resp) throws ProblemException {
        String authorization = req.getHeader("Authorization");
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                resp.setHeader("WWW-Authenticate", "Bearer");
                throw new ProblemException(Problem.unauthorized("INVALID_TOKEN", "only Bearer EAR tokens are accepted"));
            }
            try {
                return backend.tokenResult(authorization.substring(BEARER.length()).trim());
            } catch (CryptoException e) {
                resp.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                String code = e.reason() == CryptoException.Reason.EXPIRED ? "ATTESTATION_EXPIRED" : "INVALID_TOKEN";
                throw new ProblemException(Problem.unauthorized(code, "bearer token refused: " + e.reason()));
            }
        }
        Optional<String> session = SessionCookie.read(req);
        if (session.isEmpty()) {
            resp.setHeader("WWW-Authenticate", "Bearer");
            throw new ProblemException(Problem.unauthorized("UNAUTHENTICATED",
                    "send the " + SessionCookie.NAME + " cookie or an EAR bearer token"));
        }
        return backend.sessionResult(session.get()).orElseThrow(() -> new ProblemException(Problem.unauthorized(
                "UNKNOWN_SESSION", "the session has no valid attestation result")));
    }

    private static ResourcePath path(HttpServletRequest req) throws ProblemException {
        String info = req.getPathInfo();
        try {
            if (info == null || !info.startsWith("/")) {
                throw new IllegalArgumentException("missing resource path");
            }
            return ResourcePath.parse(info.substring(1));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.badRequest("INVALID_RESOURCE_PATH",
                    "resource path must be repo/type/tag, each 1-128 of [A-Za-z0-9._-]"));
        }
    }

    /** RFC 7516 §7.2.2 flattened JSON serialization of a compact JWE. */
    private static Map<String, Object> flattened(String compact) {
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 5) {
            throw new IllegalStateException("key broker returned something other than a compact JWE");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("protected", parts[0]);
        m.put("encrypted_key", parts[1]);
        m.put("iv", parts[2]);
        m.put("ciphertext", parts[3]);
        m.put("tag", parts[4]);
        return m;
    }
}
