package io.ccl.keys.admin;

import io.ccl.keys.admin.auth.AdminPrincipal;
import io.ccl.keys.api.Actor;
import io.ccl.keys.api.KeyManagement;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.web.JsonServlet;
import io.ccl.web.Problem;
import io.ccl.web.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Base of the admin servlets. Every request goes through the same gate, in this order:
 * authentication (401), role — {@code GET} needs {@code reader}, anything else {@code operator}
 * (403) —, a running {@link KeyManagement} (503), then the subclass's routing (404, 405) and body
 * checks (400, 413). Store failures become problems by {@link AdminProblems}.
 */
public abstract class AdminServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    private static final int MAX_REASON = 512;

    private final transient AdminAccess access;
    private final transient AtomicReference<KeyManagement> management = new AtomicReference<>();

    /** One authorised request. */
    record Call(HttpServletRequest request, HttpServletResponse response, Actor actor, KeyManagement management,
            List<String> segments) {
        String method() {
            return request.getMethod().toUpperCase(Locale.ROOT);
        }
    }

    protected AdminServlet(AdminAccess access) {
        this.access = Objects.requireNonNull(access, "access");
    }

    @Reference(name = "management", service = KeyManagement.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetManagement")
    public void setManagement(KeyManagement keyManagement) {
        management.set(keyManagement);
    }

    public void unsetManagement(KeyManagement keyManagement) {
        management.compareAndSet(keyManagement, null);
    }

    @Override
    protected final Set<String> methods() {
        return Set.of("GET", "POST", "PUT", "DELETE");
    }

    @Override
    protected final Reply handle(HttpServletRequest req, HttpServletResponse resp) throws ProblemException {
        AdminPrincipal who = access.authenticate(req, resp);
        if (!who.role().permits(req.getMethod())) {
            throw new ProblemException(Problem.forbidden("INSUFFICIENT_ROLE",
                    "role " + who.role().configName() + " may only read"));
        }
        KeyManagement km = management.get();
        if (km == null) {
            throw new ProblemException(Problem.unavailable("KEY_MANAGEMENT_UNAVAILABLE",
                    "no key management service is running"), AdminProblems.RETRY_AFTER_SECONDS);
        }
        try {
            return dispatch(new Call(req, resp, who.actor(), km, segments(req)));
        } catch (KeyStorageException e) {
            throw AdminProblems.of(e);
        } catch (IllegalArgumentException e) {
            // The API's value types (names, scopes, paths) refuse bad input this way.
            throw AdminProblems.invalidArgument(e);
        }
    }

    /** Routes one authorised request. */
    protected abstract Reply dispatch(Call call) throws ProblemException, KeyStorageException;

    private static List<String> segments(HttpServletRequest req) {
        String info = req.getPathInfo();
        if (info == null || info.isEmpty()) {
            return List.of();
        }
        return Arrays.asList(info.substring(1).split("/", -1));
    }

    /** Parses the body strictly into {@code type}. */
    protected final <T> T body(Call call, Class<T> type) throws ProblemException {
        byte[] raw;
        try {
            raw = readBody(call.request(), access.maxBodyBytes());
        } catch (ProblemException e) {
            if (e.problem().status() == 413) {
                // The rest of the body stays unread: tell the client this connection ends here, so it
                // does not send its next request into a socket the server is closing.
                call.response().setHeader("Connection", "close");
            }
            throw e;
        }
        return AdminJson.parse(raw, type);
    }

    /** Accepts no body, or an empty JSON object. */
    protected final void noBody(Call call) throws ProblemException {
        HttpServletRequest req = call.request();
        if (req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null) {
            body(call, Requests.Empty.class);
        }
    }

    /** 201 Created with a {@code Location} under this servlet's context. */
    protected static Reply created(Call call, String location, Object body) {
        call.response().setHeader("Location", call.request().getContextPath() + location);
        return new Reply(201, body, "application/json");
    }

    /** 204 No Content. */
    protected static Reply noContent() {
        return new Reply(204, null, "application/json");
    }

    /** 405 naming the methods the path allows. */
    protected static ProblemException methodNotAllowed(Call call, String allowed) {
        call.response().setHeader("Allow", allowed);
        return new ProblemException(new Problem(405, "METHOD_NOT_ALLOWED", "Method not allowed",
                call.method() + " is not supported here; use " + allowed));
    }

    /** 404 for a path this API does not have. */
    protected static ProblemException unknownEndpoint(String hint) {
        return new ProblemException(Problem.notFound("UNKNOWN_ENDPOINT", hint));
    }

    /** Fails with 400 MISSING_FIELD when {@code value} is null. */
    protected static <T> T required(T value, String member) throws ProblemException {
        if (value == null) {
            throw AdminJson.invalid("MISSING_FIELD", "member '" + member + "' is required");
        }
        return value;
    }

    /** A human reason for the audit trail: 1-512 characters, no control characters. */
    protected static String reason(String value, String fallback) throws ProblemException {
        String r = value == null ? fallback : value.strip();
        if (r == null) {
            throw AdminJson.invalid("MISSING_FIELD", "member 'reason' is required");
        }
        if (r.isEmpty() || r.length() > MAX_REASON || r.chars().anyMatch(Character::isISOControl)) {
            throw AdminJson.invalid("INVALID_FIELD", "member 'reason' must be 1-" + MAX_REASON
                    + " characters without control characters");
        }
        return r;
    }

    /** A positive integer member. */
    protected static int positive(Integer value, String member) throws ProblemException {
        if (required(value, member) < 1) {
            throw AdminJson.invalid("INVALID_FIELD", "member '" + member + "' must be at least 1");
        }
        return value;
    }
}
