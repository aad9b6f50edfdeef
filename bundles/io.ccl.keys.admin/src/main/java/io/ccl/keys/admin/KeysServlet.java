package io.ccl.keys.admin;

import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyManagement;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.Lockdown;
import io.ccl.keys.api.LockdownScope;
import io.ccl.keys.api.RewrapResult;
import io.ccl.web.Problem;
import io.ccl.web.ProblemException;
import jakarta.servlet.Servlet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code /api/v1/keys}: list, create, show, rotate, revoke, retire and rewrap keys, and declare,
 * end and list lockdowns. The single segments {@code lockdown}, {@code lockdowns} and
 * {@code recover} are operations, so no key of those names can be created here.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({KeysServlet.ROOT, KeysServlet.ROOT + "/*"})
@HttpWhiteboardServletName("ccl-keys-admin")
public final class KeysServlet extends AdminServlet {
    private static final long serialVersionUID = 1L;
    static final String ROOT = "/api/v1/keys";
    /** Single segments that are operations, not key names. */
    static final Set<String> RESERVED = Set.of("lockdown", "lockdowns", "recover");
    private static final Pattern URL_SAFE = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    @Activate
    public KeysServlet(@Reference AdminAccess access) {
        super(access);
    }

    @Override
    protected Reply dispatch(Call call) throws ProblemException, KeyStorageException {
        List<String> s = call.segments();
        String method = call.method();
        if (s.isEmpty()) {
            return switch (method) {
                case "GET" -> list(call.management());
                case "POST" -> create(call);
                default -> throw methodNotAllowed(call, "GET, POST");
            };
        }
        if (s.size() == 1 && !s.get(0).isEmpty()) {
            String name = s.get(0);
            switch (name) {
                case "lockdowns" -> {
                    return only(call, "GET", () -> Reply.ok(Map.of("lockdowns",
                            Views.lockdowns(call.management().lockdowns()))));
                }
                case "lockdown" -> {
                    return only(call, "POST", () -> lockdown(call));
                }
                case "recover" -> {
                    return only(call, "POST", () -> recover(call));
                }
                default -> {
                    return only(call, "GET", () -> Reply.ok(Views.key(call.management().keyInfo(name)
                            .orElseThrow(() -> new ProblemException(Problem.notFound("NOT_FOUND",
                                    "no key '" + AdminProblems.clean(name) + "'"))))));
                }
            }
        }
        if (s.size() == 2 && !s.get(0).isEmpty()) {
            String name = s.get(0);
            return switch (s.get(1)) {
                case "rotate" -> only(call, "POST", () -> rotate(call, name));
                case "revoke" -> only(call, "POST", () -> revoke(call, name));
                case "retire" -> only(call, "POST", () -> retire(call, name));
                case "rewrap" -> only(call, "POST", () -> rewrap(call, name));
                default -> throw unknown();
            };
        }
        throw unknown();
    }

    private interface Action {
        Reply run() throws ProblemException, KeyStorageException;
    }

    private static Reply only(Call call, String method, Action action) throws ProblemException, KeyStorageException {
        if (!call.method().equals(method)) {
            throw methodNotAllowed(call, method);
        }
        return action.run();
    }

    private static ProblemException unknown() {
        return unknownEndpoint("key operations are /api/v1/keys/{name}/rotate|revoke|retire|rewrap");
    }

    private static Reply list(KeyManagement km) throws KeyStorageException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("store", km.storeKind());
        body.put("keys", km.listKeys().stream().map(Views::key).toList());
        return Reply.ok(body);
    }

    private Reply create(Call call) throws ProblemException, KeyStorageException {
        Requests.CreateKey r = body(call, Requests.CreateKey.class);
        String name = required(r.name(), "name");
        if (RESERVED.contains(name)) {
            throw AdminJson.invalid("RESERVED_NAME", "'" + name + "' names an operation of this API; choose another name");
        }
        Set<?> purposes = required(r.purposes(), "purposes");
        if (purposes.isEmpty() || purposes.contains(null)) {
            throw AdminJson.invalid("INVALID_FIELD", "member 'purposes' must list at least one purpose");
        }
        KeyInfo k = call.management().createKey(call.actor(), name, required(r.algorithm(), "algorithm"), r.purposes());
        String location = URL_SAFE.matcher(k.name()).matches() ? ROOT + "/" + k.name() : ROOT;
        return created(call, location, Views.key(k));
    }

    private Reply rotate(Call call, String name) throws ProblemException, KeyStorageException {
        noBody(call);
        return Reply.ok(Views.key(call.management().rotateKey(call.actor(), name)));
    }

    private Reply revoke(Call call, String name) throws ProblemException, KeyStorageException {
        Requests.Revoke r = body(call, Requests.Revoke.class);
        OptionalInt version = r.version() == null ? OptionalInt.empty() : OptionalInt.of(positive(r.version(), "version"));
        String reason = reason(r.reason(), "unspecified");
        return Reply.ok(Views.key(call.management().revokeKey(call.actor(), name, version, reason)));
    }

    private Reply retire(Call call, String name) throws ProblemException, KeyStorageException {
        Requests.Retire r = body(call, Requests.Retire.class);
        int min = positive(r.minVersion(), "min_version");
        return Reply.ok(Views.key(call.management().retireKey(call.actor(), name, min)));
    }

    private Reply rewrap(Call call, String name) throws ProblemException, KeyStorageException {
        Requests.Rewrap r = body(call, Requests.Rewrap.class);
        List<byte[]> in = required(r.ciphertexts(), "ciphertexts");
        if (in.size() > KeyManagement.MAX_REWRAP_BATCH) {
            throw new ProblemException(new Problem(413, "BATCH_TOO_LARGE", "Payload too large",
                    "at most " + KeyManagement.MAX_REWRAP_BATCH + " ciphertexts per request"));
        }
        if (in.isEmpty()) {
            throw AdminJson.invalid("EMPTY_BATCH", "member 'ciphertexts' must hold at least one ciphertext");
        }
        for (int i = 0; i < in.size(); i++) {
            if (in.get(i) == null || in.get(i).length == 0) {
                throw AdminJson.invalid("INVALID_FIELD", "member 'ciphertexts[" + i + "]' must be a non-empty base64 string");
            }
        }
        RewrapResult result = call.management().rewrap(call.actor(), name, in, r.aad() == null ? new byte[0] : r.aad());
        List<String> out = new ArrayList<>(result.ciphertexts().size());
        int rewrapped = 0;
        for (byte[] c : result.ciphertexts()) {
            out.add(c == null ? null : Base64.getEncoder().encodeToString(c));
            rewrapped += c == null ? 0 : 1;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("rewrapped", rewrapped);
        body.put("failed", out.size() - rewrapped);
        body.put("ciphertexts", out);
        body.put("failures", result.failures().stream().map(AdminProblems::clean).toList());
        return Reply.ok(body);
    }

    private Reply lockdown(Call call) throws ProblemException, KeyStorageException {
        Requests.Lockdown r = body(call, Requests.Lockdown.class);
        LockdownScope scope = scope(required(r.scope(), "scope"));
        Lockdown l = call.management().lockdown(call.actor(), scope, reason(r.reason(), null));
        return Reply.ok(Views.lockdown(l));
    }

    private Reply recover(Call call) throws ProblemException {
        Requests.Recover r = body(call, Requests.Recover.class);
        LockdownScope scope = scope(required(r.scope(), "scope"));
        List<Lockdown> ended = call.management().recover(call.actor(), scope);
        if (ended.isEmpty()) {
            throw new ProblemException(Problem.notFound("NOT_FOUND", "no lockdown has the scope '" + scope + "'"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("scope", scope.toString());
        body.put("recovered", Views.lockdowns(ended));
        return Reply.ok(body);
    }

    private static LockdownScope scope(String text) throws ProblemException {
        try {
            return LockdownScope.parse(text);
        } catch (IllegalArgumentException e) {
            throw AdminJson.invalid("INVALID_SCOPE", "scope must be '*' or claim=value (claim of [A-Za-z0-9_.-], "
                    + "value of [A-Za-z0-9_.:+/=-])");
        }
    }
}
