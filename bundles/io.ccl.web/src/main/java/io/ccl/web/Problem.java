package io.ccl.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An RFC 9457 problem: {@code type} (a URN naming the error code), {@code title}, {@code status},
 * {@code detail}, and CCL's stable {@code code} member that clients decide on.
 */
public record Problem(int status, String code, String title, String detail) {
    /** Media type of problem bodies. */
    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(title, "title");
    }

    /** The JSON members of the body. */
    public Map<String, Object> body() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "urn:ccl:problem:" + code.toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        m.put("title", title);
        m.put("status", status);
        m.put("code", code);
        if (detail != null) {
            m.put("detail", detail);
        }
        return m;
    }

    public static Problem badRequest(String code, String detail) {
        return new Problem(400, code, "Bad request", detail);
    }

    public static Problem unauthorized(String code, String detail) {
        return new Problem(401, code, "Unauthorized", detail);
    }

    public static Problem forbidden(String code, String detail) {
        return new Problem(403, code, "Forbidden", detail);
    }

    public static Problem notFound(String code, String detail) {
        return new Problem(404, code, "Not found", detail);
    }

    public static Problem unavailable(String code, String detail) {
        return new Problem(503, code, "Service unavailable", detail);
    }
}
