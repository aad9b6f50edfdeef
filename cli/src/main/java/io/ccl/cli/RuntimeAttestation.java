package io.ccl.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerificationException;
import io.ccl.crypto.CryptoException;
import io.ccl.crypto.JwtVerifier;
import io.ccl.crypto.RuntimeDataBinding;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.EvidenceJson;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Challenges a running runtime and verifies its answer offline: a fresh 256-bit nonce to
 * {@code GET /api/v1/compute/attestation?nonce=N}; the runtime-data must carry that nonce; the
 * evidence must verify with the local verifier of its TEE (signature chain to the TEE's root, or a
 * {@code --trust-key} for the simulation TEE) with report data
 * {@code SHA-384(JCS(runtime-data))}, which binds the nonce, the runtime's encryption key
 * ({@code tee-pubkey}) and its measurements to the evidence. Used by {@code ccl attest} and, before
 * any data leaves this machine, by {@code ccl job submit}.
 */
final class RuntimeAttestation {
    static final String PATH = "/api/v1/compute/attestation";
    static final String JWKS_PATH = "/.well-known/jwks.json";
    static final int MAX_ATTESTATION = 4 << 20;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final SecureRandom RANDOM = new SecureRandom();

    private RuntimeAttestation() {
    }

    /**
     * What the challenge established. Verified when {@code reason} is null; then {@code claims} are
     * the verifier's and {@code runtimeData} is bound to the evidence. On rejection
     * {@code extra} holds members that explain it ({@code http_status}, {@code problem},
     * {@code expected}, {@code actual}).
     *
     * @param tee the TEE type the runtime named ({@code unknown} when it could not be asked)
     * @param runtimeData the runtime-data, verified only when {@link #verified()}
     * @param claims the verified claims, or null
     * @param token the runtime's EAR token as it sent it, or null
     * @param reason a stable rejection code, or null
     * @param detail for people, or null
     * @param extra further members of a rejection
     */
    record Result(String tee, Map<String, Object> runtimeData, Map<String, Object> claims, Object token, String reason,
            String detail, Map<String, Object> extra) {
        boolean verified() {
            return reason == null;
        }

        /** The attested {@code tee-pubkey} JWK, only when the attestation verified. */
        Optional<Map<String, Object>> teePubkey() {
            if (!verified() || !(runtimeData.get(RuntimeDataBinding.TEE_PUBKEY) instanceof Map<?, ?> jwk)) {
                return Optional.empty();
            }
            Map<String, Object> m = new LinkedHashMap<>();
            jwk.forEach((k, v) -> m.put(String.valueOf(k), v));
            return Optional.of(m);
        }

        /** {@code claims}, or the rejection with its members. */
        Outcome reportTo(Outcome outcome) {
            if (verified()) {
                return outcome.verified(claims);
            }
            outcome.rejected(reason, detail);
            extra.forEach(outcome::with);
            return outcome;
        }

        private static Result rejected(String tee, String reason, String detail) {
            return new Result(tee, Map.of(), null, null, reason, detail, Map.of());
        }
    }

    /** Challenges the runtime at {@code base} (see {@link TrustRoot#baseUrl}) and verifies its evidence at {@code now}. */
    static Result challenge(HttpFetcher http, String base, Instant now) {
        byte[] n = new byte[32];
        RANDOM.nextBytes(n);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(n);
        Map<String, Object> reply;
        try {
            reply = parse(http.get(TrustRoot.endpoint(base, PATH + "?nonce=" + nonce), MAX_ATTESTATION));
        } catch (HttpFetcher.FetchException e) {
            Map<String, Object> extra = new LinkedHashMap<>();
            if (e.status() != 0) {
                extra.put("http_status", e.status());
            }
            if (e.problem() != null) {
                extra.put("problem", e.problem());
            }
            return new Result("unknown", Map.of(), null, null, e.reason(), e.getMessage(), extra);
        } catch (IOException e) {
            return Result.rejected("unknown", "MALFORMED", "attestation response is not a JSON object");
        }
        String tee = String.valueOf(reply.get("tee_type"));
        if (!(reply.get("runtime_data") instanceof Map<?, ?> rdRaw) || !(reply.get("tee_evidence") instanceof Map<?, ?> ev)) {
            return Result.rejected(tee, "MALFORMED", "attestation response lacks runtime_data or tee_evidence");
        }
        Map<String, Object> runtimeData = new LinkedHashMap<>();
        rdRaw.forEach((k, v) -> runtimeData.put(String.valueOf(k), v));
        if (!nonce.equals(runtimeData.get(RuntimeDataBinding.NONCE))) {
            return Result.rejected(tee, "NONCE_MISMATCH", "runtime_data does not carry our nonce");
        }
        EvidenceVerifier verifier = Verifiers.forTee(tee).orElse(null);
        if (verifier == null) {
            return Result.rejected(tee, "UNSUPPORTED_TEE", "no local verifier for " + tee);
        }
        try {
            Evidence evidence = EvidenceJson.fromJson(ev);
            if (!tee.equals(evidence.teeType())) {
                return Result.rejected(tee, "MALFORMED", "tee_type and the evidence's TEE differ");
            }
            VerificationContext ctx = VerificationContext.builder(now)
                    .expectReportData(RuntimeDataBinding.reportData(runtimeData)).build();
            Map<String, Object> claims = verifier.verify(evidence, ctx).claims();
            return new Result(tee, runtimeData, claims, reply.get("attestation_token"), null, null, Map.of());
        } catch (IllegalArgumentException | CryptoException e) {
            return Result.rejected(tee, "MALFORMED", e.getMessage());
        } catch (VerificationException e) {
            Map<String, Object> extra = new LinkedHashMap<>();
            if (e instanceof EvidenceRejectedException r && r.expected() != null) {
                extra.put("expected", r.expected());
                extra.put("actual", r.actual());
            }
            return new Result(tee, Map.of(), null, null, e.reasonCode(), e.getMessage(), extra);
        } catch (RuntimeException e) {
            // A verifier must never throw anything else; fail closed.
            return Result.rejected(tee, "VERIFIER_ERROR", e.getClass().getSimpleName());
        }
    }

    /**
     * The runtime's own verifier's verdict on it (its EAR token), checked against the key set the
     * same runtime publishes. Informative only: whoever controls the runtime's answers controls both.
     */
    static Map<String, Object> runtimeVerdict(HttpFetcher http, String base, Object token, Instant now) {
        Map<String, Object> v = new LinkedHashMap<>();
        if (!(token instanceof String t)) {
            v.put("token", "absent");
            return v;
        }
        try {
            Map<String, Object> jwks = parse(http.get(TrustRoot.endpoint(base, JWKS_PATH), TrustRoot.MAX_JWKS));
            Map<String, Object> claims = JwtVerifier.forJwks(jwks).verify(t, now, null);
            v.put("token", "valid");
            v.put("issuer", claims.get("iss"));
            v.put("ear_status", claims.get("ccl.status"));
        } catch (HttpFetcher.FetchException | CryptoException e) {
            v.put("token", "not verified: " + e.getMessage());
        } catch (IOException e) {
            v.put("token", "not verified: the key set is not a JSON object");
        }
        return v;
    }

    private static Map<String, Object> parse(byte[] json) throws IOException {
        Map<String, Object> m = MAPPER.readValue(json, MAP);
        if (m == null) {
            throw new IOException("not a JSON object");
        }
        return m;
    }
}
