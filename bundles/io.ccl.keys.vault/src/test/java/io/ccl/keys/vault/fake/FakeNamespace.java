package io.ccl.keys.vault.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWKSet;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One namespace (the root namespace is {@code ""}): mounts, ACL policies, the token store and the
 * AppRole and JWT auth methods. Tokens are valid only in the namespace that issued them.
 */
public final class FakeNamespace {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Vault's built-in {@code default} policy, reduced to the token self-service paths. */
    private static final FakePolicy DEFAULT = FakePolicy.parse(
            "path \"auth/token/lookup-self\" { capabilities = [\"read\"] }\n"
            + "path \"auth/token/renew-self\" { capabilities = [\"update\"] }\n"
            + "path \"auth/token/revoke-self\" { capabilities = [\"update\"] }\n");

    private final Object lock;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final TreeMap<String, FakeEngine> mounts = new TreeMap<>();
    private final Map<String, FakePolicy> policies = new HashMap<>();
    private final Map<String, FakeToken> tokens = new HashMap<>();
    private final Map<String, Map<String, AppRole>> approles = new HashMap<>();
    private final Map<String, FakeJwt> jwts = new HashMap<>();

    private record AppRole(String roleId, String secretId, Set<String> policies, Duration ttl, Duration maxTtl) {
    }

    FakeNamespace(Object lock, Clock clock) {
        this.lock = lock;
        this.clock = clock;
    }

    public void enableTransit(String path) {
        synchronized (lock) {
            mounts.put(path, new FakeTransit(clock));
        }
    }

    public void enableKv2(String path) {
        synchronized (lock) {
            mounts.put(path, new FakeKv2(clock));
        }
    }

    /** Writes an ACL policy in the HCL subset of {@link FakePolicy}. */
    public void policy(String name, String hcl) {
        synchronized (lock) {
            policies.put(name, FakePolicy.parse(hcl));
        }
    }

    /** Issues a token ({@code ttl} zero: never expires; {@code maxTtl} zero: no maximum). */
    public String token(Set<String> tokenPolicies, Duration ttl, boolean renewable, Duration maxTtl) {
        synchronized (lock) {
            return issue(tokenPolicies, ttl, renewable, maxTtl).id;
        }
    }

    public void appRole(String mount, String roleId, String secretId, Set<String> rolePolicies, Duration ttl, Duration maxTtl) {
        synchronized (lock) {
            approles.computeIfAbsent(mount, m -> new HashMap<>()).put(roleId, new AppRole(roleId, secretId, rolePolicies, ttl, maxTtl));
        }
    }

    /** {@code auth/<mount>/config} with {@code jwt_validation_pubkeys} / {@code jwks_url} contents and {@code bound_issuer}. */
    public void jwt(String mount, JWKSet jwks, String boundIssuer) {
        synchronized (lock) {
            jwts.put(mount, new FakeJwt(jwks, boundIssuer));
        }
    }

    public void jwtRole(String mount, String role, FakeJwtRole definition) {
        synchronized (lock) {
            jwts.get(mount).role(role, definition);
        }
    }

    /** The Transit key as the fake holds it (tests inspect {@code min_decryption_version}). */
    public int minDecryptionVersion(String transitMount, String key) {
        synchronized (lock) {
            return ((FakeTransit) mounts.get(transitMount)).key(key).minDecryption();
        }
    }

    public int minEncryptionVersion(String transitMount, String key) {
        synchronized (lock) {
            return ((FakeTransit) mounts.get(transitMount)).key(key).minEncryption();
        }
    }

    /** Revokes every token without the root policy; returns how many. */
    public int revokeAllButRoot() {
        synchronized (lock) {
            int before = tokens.size();
            tokens.values().removeIf(t -> !t.policies.contains("root"));
            return before - tokens.size();
        }
    }

    /** Live tokens in this namespace. */
    public int liveTokens() {
        synchronized (lock) {
            Instant now = clock.instant();
            return (int) tokens.values().stream().filter(t -> !t.expired(now)).count();
        }
    }

    /** Handles one request; the caller holds the lock. */
    ObjectNode dispatch(String method, String path, Map<String, String> query, JsonNode body, String tokenHeader) {
        FakeCall.Op op = op(method, query);
        String[] parts = path.split("/");
        if (parts.length == 3 && parts[0].equals("auth") && parts[2].equals("login") && (op == FakeCall.Op.UPDATE)) {
            return login(parts[1], new FakeCall(FakeCall.Op.UPDATE, path, query, body, null));
        }
        FakeToken token = tokenHeader == null ? null : tokens.get(tokenHeader);
        if (token == null || token.expired(clock.instant())) {
            throw FakeError.permissionDenied();
        }
        if (path.startsWith("auth/token/")) {
            authorize(token, path, op);
            return tokenSelf(path.substring("auth/token/".length()), new FakeCall(op, path, query, body, token));
        }
        if (path.startsWith("sys/mounts/")) {
            authorize(token, path, op);
            return mount(path.substring("sys/mounts/".length()), new FakeCall(op, path, query, body, token));
        }
        Map.Entry<String, FakeEngine> mount = mountFor(path);
        if (mount == null) {
            throw new FakeError(404, "no handler for route \"" + path + "\". route entry not found.");
        }
        String sub = path.length() > mount.getKey().length() ? path.substring(mount.getKey().length() + 1) : "";
        if (op == FakeCall.Op.UPDATE && !mount.getValue().exists(sub)) {
            op = FakeCall.Op.CREATE;
        }
        authorize(token, path, op);
        return mount.getValue().handle(new FakeCall(op, path, query, body, token), sub);
    }

    private static FakeCall.Op op(String method, Map<String, String> query) {
        switch (method) {
            case "GET":
                return "true".equals(query.get("list")) ? FakeCall.Op.LIST : FakeCall.Op.READ;
            case "LIST":
                return FakeCall.Op.LIST;
            case "POST":
            case "PUT":
                return FakeCall.Op.UPDATE;
            case "DELETE":
                return FakeCall.Op.DELETE;
            default:
                throw new FakeError(405, "unsupported operation");
        }
    }

    private Map.Entry<String, FakeEngine> mountFor(String path) {
        Map.Entry<String, FakeEngine> best = null;
        for (Map.Entry<String, FakeEngine> e : mounts.entrySet()) {
            if ((path.equals(e.getKey()) || path.startsWith(e.getKey() + "/")) && (best == null || e.getKey().length() > best.getKey().length())) {
                best = e;
            }
        }
        return best;
    }

    private void authorize(FakeToken token, String path, FakeCall.Op op) {
        if (token.policies.contains("root")) {
            return;
        }
        Set<String> caps = new HashSet<>();
        if (!token.policies.contains("no-default")) {
            caps.addAll(DEFAULT.capabilities(path));
        }
        for (String name : token.policies) {
            FakePolicy p = policies.get(name);
            if (p != null) {
                caps.addAll(p.capabilities(path));
            }
        }
        // LIST requests name the folder with a trailing slash; Vault matches both spellings.
        if (op == FakeCall.Op.LIST && !path.endsWith("/")) {
            for (String name : token.policies) {
                FakePolicy p = policies.get(name);
                if (p != null) {
                    caps.addAll(p.capabilities(path + "/"));
                }
            }
        }
        if (caps.contains("deny") || !caps.contains(op.capability)) {
            throw FakeError.permissionDenied();
        }
    }

    private ObjectNode login(String mount, FakeCall call) {
        Instant now = clock.instant();
        if (approles.containsKey(mount)) {
            String roleId = call.text("role_id");
            if (roleId.isEmpty()) {
                throw FakeError.badRequest("missing role_id");
            }
            AppRole role = approles.get(mount).get(roleId);
            if (role == null || !role.secretId().equals(call.text("secret_id"))) {
                throw FakeError.badRequest("invalid role or secret ID");
            }
            return authReply(issue(role.policies(), role.ttl(), true, role.maxTtl()), now, null);
        }
        FakeJwt jwt = jwts.get(mount);
        if (jwt == null) {
            throw new FakeError(404, "no handler for route \"auth/" + mount + "/login\". route entry not found.");
        }
        FakeJwtRole role = jwt.login(call, now);
        return authReply(issue(role.policies(), role.ttl(), true, role.maxTtl()), now, null);
    }

    private ObjectNode tokenSelf(String what, FakeCall call) {
        Instant now = clock.instant();
        FakeToken t = call.token();
        switch (what) {
            case "lookup-self": {
                ObjectNode body = JSON.objectNode();
                ObjectNode d = body.putObject("data");
                d.put("id", t.id);
                d.put("ttl", t.remainingSeconds(now));
                d.put("creation_ttl", t.ttl.getSeconds());
                d.put("renewable", t.renewable);
                d.put("expire_time", t.expiresAt == null ? null : t.expiresAt.toString());
                var p = d.putArray("policies");
                t.policies.forEach(p::add);
                return body;
            }
            case "renew-self": {
                if (!t.renewable) {
                    throw FakeError.badRequest("lease is not renewable");
                }
                String warning = null;
                if (t.expiresAt != null) {
                    Instant next = now.plus(increment(call, t.ttl));
                    if (t.maxExpiresAt != null && next.isAfter(t.maxExpiresAt)) {
                        next = t.maxExpiresAt;
                        warning = "TTL of \"" + t.ttl.getSeconds() + "s\" exceeded the effective max_ttl; TTL value is capped accordingly";
                    }
                    t.expiresAt = next;
                }
                return authReply(t, now, warning);
            }
            case "revoke-self":
                tokens.remove(t.id);
                return null;
            default:
                throw new FakeError(404, "unsupported path");
        }
    }

    private static Duration increment(FakeCall call, Duration dflt) {
        String inc = call.text("increment");
        if (inc.isEmpty()) {
            return dflt;
        }
        return inc.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(inc)) : Duration.parse("PT" + inc.toUpperCase());
    }

    private ObjectNode mount(String path, FakeCall call) {
        if (call.op() == FakeCall.Op.DELETE) {
            mounts.remove(path);
            return null;
        }
        if (call.op() != FakeCall.Op.UPDATE) {
            throw new FakeError(405, "unsupported operation");
        }
        if (mounts.containsKey(path)) {
            throw FakeError.badRequest("path is already in use at " + path + "/");
        }
        String type = call.text("type");
        if (type.equals("transit")) {
            mounts.put(path, new FakeTransit(clock));
        } else if ((type.equals("kv") && "2".equals(call.body().path("options").path("version").asText())) || type.equals("kv-v2")) {
            mounts.put(path, new FakeKv2(clock));
        } else {
            throw FakeError.badRequest("the fake mounts only transit and kv version 2, not " + type);
        }
        return null;
    }

    private FakeToken issue(Set<String> tokenPolicies, Duration ttl, boolean renewable, Duration maxTtl) {
        byte[] raw = new byte[18];
        random.nextBytes(raw);
        String id = "hvs." + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant now = clock.instant();
        FakeToken t = new FakeToken(id, tokenPolicies, ttl, renewable, ttl.isZero() ? null : now.plus(ttl),
                maxTtl.isZero() ? null : now.plus(maxTtl));
        tokens.put(id, t);
        return t;
    }

    private static ObjectNode authReply(FakeToken t, Instant now, String warning) {
        ObjectNode body = JSON.objectNode();
        body.putNull("data");
        ObjectNode auth = body.putObject("auth");
        auth.put("client_token", t.id);
        auth.put("accessor", "accessor-" + Integer.toHexString(t.id.hashCode()));
        var p = auth.putArray("policies");
        t.policies.forEach(p::add);
        var tp = auth.putArray("token_policies");
        t.policies.forEach(tp::add);
        auth.putNull("metadata");
        auth.put("lease_duration", t.remainingSeconds(now));
        auth.put("renewable", t.renewable);
        if (warning != null) {
            body.putArray("warnings").add(warning);
        }
        return body;
    }
}
