package io.ccl.attestation.service.kbs;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.regex.Pattern;

/** The KBS session cookie {@value #NAME}: {@code Path=/kbs; HttpOnly; SameSite=Strict}. */
final class SessionCookie {
    /** Cookie name used by Trustee's KBS protocol. */
    static final String NAME = "kbs-session-id";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{16,128}");

    private SessionCookie() {
    }

    /** The {@code Set-Cookie} value for a new session; {@code Secure} when the request came over TLS. */
    static String header(String sessionId, boolean secure) {
        return NAME + "=" + sessionId + "; Path=/kbs; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    /** The session id the request carries, if it carries one that is well formed. */
    static Optional<String> read(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie c : cookies) {
            if (NAME.equals(c.getName())) {
                String v = c.getValue();
                return v != null && ID.matcher(v).matches() ? Optional.of(v) : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
