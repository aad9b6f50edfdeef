package io.ccl.cli;

import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerificationException;
import io.ccl.crypto.CryptoException;
import io.ccl.crypto.JwtVerifier;
import io.ccl.crypto.RuntimeDataBinding;
import io.ccl.kbs.client.KbsClient;
import io.ccl.kbs.client.KbsException;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.EvidenceJson;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ccl attest --url URL}: challenges a running runtime with a fresh nonce, verifies the
 * returned evidence offline with the local verifier (signature chain, binding of nonce, key and
 * measurements), and checks the runtime's EAR token against its verifier's JWKS.
 */
final class AttestCommand {
    private final Options options;

    AttestCommand(Options options) {
        this.options = options;
    }

    int run(PrintStream out) throws UsageException {
        URI url;
        try {
            url = URI.create(options.required("url"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--url is not a URL");
        }
        Instant now = VerifyCommand.now(options);
        VerifyCommand.trustKey(options);
        byte[] n = new byte[32];
        new SecureRandom().nextBytes(n);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(n);
        KbsClient client = new KbsClient(url, Duration.ofSeconds(15));
        Map<String, Object> reply;
        try {
            reply = client.getJson("/api/v1/compute/attestation?nonce=" + URLEncoder.encode(nonce, StandardCharsets.UTF_8));
        } catch (KbsException e) {
            return new Outcome("unknown").rejected(e.code(), e.getMessage()).print(out);
        }
        String tee = String.valueOf(reply.get("tee_type"));
        Outcome outcome = new Outcome(tee).with("url", url.toString());
        if (!(reply.get("runtime_data") instanceof Map<?, ?> rdRaw) || !(reply.get("tee_evidence") instanceof Map<?, ?> ev)) {
            return outcome.rejected("MALFORMED", "attestation response lacks runtime_data or tee_evidence").print(out);
        }
        Map<String, Object> runtimeData = new LinkedHashMap<>();
        rdRaw.forEach((k, v) -> runtimeData.put(String.valueOf(k), v));
        if (!nonce.equals(runtimeData.get("nonce"))) {
            return outcome.rejected("NONCE_MISMATCH", "runtime_data does not carry our nonce").print(out);
        }
        EvidenceVerifier verifier = Verifiers.forTee(tee).orElse(null);
        if (verifier == null) {
            return outcome.rejected("UNSUPPORTED_TEE", "no local verifier for " + tee).print(out);
        }
        try {
            Evidence evidence = EvidenceJson.fromJson(ev);
            VerificationContext ctx = VerificationContext.builder(now)
                    .expectReportData(RuntimeDataBinding.reportData(runtimeData)).build();
            outcome.verified(verifier.verify(evidence, ctx).claims());
        } catch (IllegalArgumentException | CryptoException e) {
            return outcome.rejected("MALFORMED", e.getMessage()).print(out);
        } catch (VerificationException e) {
            return outcome.rejected(e).print(out);
        }
        outcome.with("runtime_data", runtimeData);
        outcome.with("runtime_verifier", runtimeVerdict(client, reply.get("attestation_token"), now));
        return outcome.print(out);
    }

    /** The runtime's own verifier's verdict, checked against that verifier's published keys. */
    private static Map<String, Object> runtimeVerdict(KbsClient client, Object token, Instant now) {
        Map<String, Object> v = new LinkedHashMap<>();
        if (!(token instanceof String t)) {
            v.put("token", "absent");
            return v;
        }
        try {
            Map<String, Object> claims = JwtVerifier.forJwks(client.jwks()).verify(t, now, null);
            v.put("token", "valid");
            v.put("issuer", claims.get("iss"));
            v.put("ear_status", claims.get("ccl.status"));
        } catch (KbsException | CryptoException e) {
            v.put("token", "not verified: " + e.getMessage());
        }
        return v;
    }
}
