package io.ccl.keys.admin;

import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.SecretBytes;
import io.ccl.keys.api.SecretVersion;
import io.ccl.web.Problem;
import io.ccl.web.ProblemException;
import jakarta.servlet.Servlet;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code /api/v1/secrets}: list secret paths, list one secret's versions, write a version, delete a
 * secret. Values go in only: no response carries a secret value.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({SecretsServlet.ROOT, SecretsServlet.ROOT + "/*"})
@HttpWhiteboardServletName("ccl-secrets-admin")
public final class SecretsServlet extends AdminServlet {
    private static final long serialVersionUID = 1L;
    static final String ROOT = "/api/v1/secrets";

    @Activate
    public SecretsServlet(@Reference AdminAccess access) {
        super(access);
    }

    @Override
    protected Reply dispatch(Call call) throws ProblemException, KeyStorageException {
        List<String> s = call.segments();
        if (s.isEmpty()) {
            if (!call.method().equals("GET")) {
                throw methodNotAllowed(call, "GET");
            }
            return Reply.ok(Map.of("secrets", call.management().listSecrets().stream().map(ResourcePath::toString).toList()));
        }
        if (s.size() != 3) {
            throw unknownEndpoint("secrets are /api/v1/secrets/{repo}/{type}/{tag}");
        }
        ResourcePath path = path(s);
        return switch (call.method()) {
            case "GET" -> versions(call, path);
            case "PUT" -> put(call, path);
            case "DELETE" -> delete(call, path);
            default -> throw methodNotAllowed(call, "GET, PUT, DELETE");
        };
    }

    private static ResourcePath path(List<String> s) throws ProblemException {
        try {
            return new ResourcePath(s.get(0), s.get(1), s.get(2));
        } catch (IllegalArgumentException e) {
            throw AdminJson.invalid("INVALID_RESOURCE_PATH", "resource path must be repo/type/tag, each 1-128 of [A-Za-z0-9._-]");
        }
    }

    private static Reply versions(Call call, ResourcePath path) throws ProblemException, KeyStorageException {
        List<SecretVersion> versions = call.management().secretVersions(path);
        if (versions.isEmpty()) {
            throw notFound(path);
        }
        return Reply.ok(Views.secretVersions(path, versions));
    }

    private Reply put(Call call, ResourcePath path) throws ProblemException, KeyStorageException {
        Requests.PutSecret r = body(call, Requests.PutSecret.class);
        byte[] value = required(r.value(), "value");
        OptionalInt cas = OptionalInt.empty();
        try {
            if (r.cas() != null) {
                if (r.cas() < 0) {
                    throw AdminJson.invalid("INVALID_FIELD", "member 'cas' must be 0 (must not exist) or a version");
                }
                cas = OptionalInt.of(r.cas());
            }
            if (value.length == 0) {
                throw AdminJson.invalid("INVALID_FIELD", "member 'value' must not be empty");
            }
            SecretBytes secret = SecretBytes.copyOf(value, InsecureSecretAccess.get());
            try {
                int version = call.management().putSecret(call.actor(), path, secret, cas);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("path", path.toString());
                body.put("version", version);
                return created(call, ROOT + "/" + path, body);
            } finally {
                secret.destroy();
            }
        } finally {
            Arrays.fill(value, (byte) 0);
        }
    }

    private static Reply delete(Call call, ResourcePath path) throws ProblemException, KeyStorageException {
        if (!call.management().deleteSecret(call.actor(), path)) {
            throw notFound(path);
        }
        return noContent();
    }

    private static ProblemException notFound(ResourcePath path) {
        return new ProblemException(Problem.notFound("NOT_FOUND", "no secret '" + path + "'"));
    }
}
