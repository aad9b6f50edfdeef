package io.ccl.attestation.service;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Validated configuration of the attestation service.
 *
 * @param issuer the {@code iss} of EAR tokens and the OpenID issuer: the external base URL
 * @param nonceTtl how long a challenge stays valid
 * @param tokenTtl how long an EAR token (and the session's result) stays valid
 * @param maxSessions the most open sessions, and the most results kept for cookies
 * @param maxBodyBytes largest request body
 * @param acceptWarning whether {@code warning} results may ask for resources
 * @param build {@code ear.verifier-id.build}
 */
public record ServiceSettings(String issuer, Duration nonceTtl, Duration tokenTtl, int maxSessions, int maxBodyBytes,
        boolean acceptWarning, String build) {
    public ServiceSettings {
        Objects.requireNonNull(build, "build");
        URI uri;
        try {
            uri = new URI(Objects.requireNonNull(issuer, "issuer"));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("issuer is not a URI: " + issuer);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("issuer must be an http(s) URL without query or fragment: " + issuer);
        }
        if (nonceTtl.toSeconds() < 1 || tokenTtl.toSeconds() < 1) {
            throw new IllegalArgumentException("nonce and token lifetimes must be at least one second");
        }
        if (maxSessions < 1) {
            throw new IllegalArgumentException("max.sessions must be at least 1");
        }
        if (maxBodyBytes < 1024 || maxBodyBytes > (64 << 20)) {
            throw new IllegalArgumentException("max.body.bytes must be between 1 KiB and 64 MiB");
        }
    }

    /** The issuer without a trailing slash, to which well-known paths are appended. */
    public String baseUrl() {
        return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }
}
