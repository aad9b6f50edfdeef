package io.ccl.keys.broker;

import io.ccl.attestation.api.AttestationResult;
import io.ccl.attestation.api.EarStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Attestation results built for tests, as the attestation service would hand them to the broker. */
public final class TestResults {
    /** The fixed "now" of the tests. */
    public static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    /** A token-shaped string whose payload carries {@code jti=jti-123}; the broker never verifies it. */
    public static final String TOKEN = "eyJhbGciOiJFUzI1NiJ9."
            + Base64.getUrlEncoder().withoutPadding().encodeToString(
                    "{\"jti\":\"jti-123\",\"ear.status\":\"affirming\"}".getBytes(StandardCharsets.UTF_8))
            + ".c2lnbmF0dXJl";

    private TestResults() {
    }

    public static AttestationResult result(String teeType, EarStatus status, Map<String, Object> claims,
            Map<String, Object> teePublicKey, Instant expiresAt) {
        return new AttestationResult(TOKEN, "https://verifier.example", teeType, status, List.of(), Map.of(), claims,
                teePublicKey, Map.of(), "test-policy", NOW.minusSeconds(60), expiresAt);
    }

    public static AttestationResult result(String teeType, EarStatus status, Map<String, Object> claims) {
        return result(teeType, status, claims, Map.of(), NOW.plusSeconds(300));
    }
}
