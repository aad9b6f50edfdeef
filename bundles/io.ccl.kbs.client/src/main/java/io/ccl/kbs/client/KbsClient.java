package io.ccl.kbs.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccl.keys.api.ResourcePath;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.EvidenceJson;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One KBS conversation: {@link #auth} opens a session (the client keeps its cookie),
 * {@link #attest} returns the EAR token, {@link #resource} fetches a JWE-wrapped secret. Not
 * thread-safe: use one client per attestation.
 */
public final class KbsClient {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final int MAX_RESPONSE = 4 << 20;

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    /** @param base the verifier's base URL, e.g. {@code http://127.0.0.1:8080} */
    public KbsClient(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** {@code POST /kbs/v0/auth}: opens a session for {@code tee} and returns its nonce. */
    public String auth(String tee) throws KbsException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", "0.1.0");
        body.put("tee", tee);
        body.put("extra-params", "");
        Object nonce = send(post("/kbs/v0/auth", body)).get("nonce");
        if (!(nonce instanceof String n)) {
            throw new KbsException(502, "BAD_RESPONSE", "auth response has no nonce");
        }
        return n;
    }

    /** {@code POST /kbs/v0/attest}: returns the EAR token. */
    public String attest(Map<String, Object> runtimeData, Evidence evidence) throws KbsException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runtime-data", runtimeData);
        body.put("tee-evidence", EvidenceJson.toJson(evidence));
        Object token = send(post("/kbs/v0/attest", body)).get("token");
        if (!(token instanceof String t)) {
            throw new KbsException(502, "BAD_RESPONSE", "attest response has no token");
        }
        return t;
    }

    /**
     * {@code GET /kbs/v0/resource/{path}} with the EAR as bearer token (or the session cookie when
     * {@code bearer} is null); returns the JWE in compact serialization.
     */
    public String resource(ResourcePath path, String bearer) throws KbsException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/kbs/v0/resource/" + path)).timeout(timeout).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return compact(send(b.build()));
    }

    /** The verifier's JWKS, from {@code /.well-known/jwks.json}. */
    public Map<String, Object> jwks() throws KbsException {
        return send(HttpRequest.newBuilder(base.resolve("/.well-known/jwks.json")).timeout(timeout).GET().build());
    }

    /** A GET returning a JSON object (also usable for the runtime's own REST surfaces). */
    public Map<String, Object> getJson(String pathAndQuery) throws KbsException {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(timeout).GET().build());
    }

    /** Turns a JWE in flattened JSON serialization into the compact form. */
    static String compact(Map<String, Object> flattened) throws KbsException {
        StringBuilder sb = new StringBuilder();
        for (String member : new String[] {"protected", "encrypted_key", "iv", "ciphertext", "tag"}) {
            Object v = flattened.get(member);
            if (!(v instanceof String s)) {
                throw new KbsException(502, "BAD_RESPONSE", "resource response lacks JWE member " + member);
            }
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(s);
        }
        return sb.toString();
    }

    private HttpRequest post(String path, Object body) throws KbsException {
        try {
            return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body))).build();
        } catch (IOException e) {
            throw new KbsException(0, "BAD_REQUEST", "request cannot be encoded");
        }
    }

    private Map<String, Object> send(HttpRequest request) throws KbsException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new KbsException(0, "UNAVAILABLE", "cannot reach " + request.uri().getHost() + ":" + request.uri().getPort());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KbsException(0, "UNAVAILABLE", "interrupted");
        }
        byte[] body = response.body();
        if (body.length > MAX_RESPONSE) {
            throw new KbsException(502, "BAD_RESPONSE", "response too large");
        }
        Map<String, Object> json;
        try {
            json = body.length == 0 ? Map.of() : MAPPER.readValue(body, MAP);
        } catch (IOException e) {
            throw new KbsException(response.statusCode() / 100 == 2 ? 502 : response.statusCode(), "BAD_RESPONSE",
                    "response from " + request.uri().getPath() + " is not a JSON object");
        }
        if (response.statusCode() / 100 != 2) {
            Object code = json.get("code");
            Object detail = json.get("detail");
            throw new KbsException(response.statusCode(), code instanceof String c ? c : "HTTP_" + response.statusCode(),
                    request.uri().getPath() + " answered " + response.statusCode()
                            + (detail instanceof String d ? ": " + d : ""));
        }
        return json;
    }
}
