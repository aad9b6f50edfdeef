package io.ccl.attestation.service;

import io.ccl.attestation.api.Appraisal;
import io.ccl.attestation.api.AppraisalGate;
import io.ccl.attestation.api.AppraisalPolicy;
import io.ccl.attestation.api.AttestationException;
import io.ccl.attestation.api.AttestationException.Kind;
import io.ccl.attestation.api.AttestationResult;
import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EarStatus;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.Finding;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.attestation.service.ear.EarReader;
import io.ccl.attestation.service.ear.EarToken;
import io.ccl.attestation.service.session.Session;
import io.ccl.crypto.CryptoException;
import io.ccl.crypto.Jwe;
import io.ccl.crypto.RuntimeDataBinding;
import io.ccl.crypto.SigningKey;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attestation after its session was taken: binding checks, verification, appraisal, EAR. Every
 * outcome writes one audit line (logger {@value #AUDIT_LOGGER}) with the TEE type, status or
 * refusal code, policy id, finding codes and a hash of the session id — never nonces, keys or
 * evidence bytes.
 */
final class Attestation {
    /** Logger name of the audit trail. */
    static final String AUDIT_LOGGER = "io.ccl.attestation.audit";
    /** Policy id reported when no appraisal policy is bound. */
    static final String NO_POLICY = "none";

    private static final Logger AUDIT = LoggerFactory.getLogger(AUDIT_LOGGER);
    private static final Logger LOG = LoggerFactory.getLogger(Attestation.class);

    private final ServiceSettings settings;
    private final SigningKey signingKey;

    Attestation(ServiceSettings settings, SigningKey signingKey) {
        this.settings = settings;
        this.signingKey = signingKey;
    }

    AttestationResult run(Session session, Map<String, Object> runtimeData, Evidence evidence,
            Optional<EvidenceVerifier> verifier, AppraisalPolicy policy, List<AppraisalGate> gates, Instant now,
            String tokenId)
            throws AttestationException {
        try {
            Map<String, Object> teePubkey = checkRequest(session, runtimeData, evidence);
            ReportData expected = binding(runtimeData);
            EvidenceVerifier v = verifier.orElseThrow(() -> new AttestationException(Kind.UNSUPPORTED_TEE,
                    "the " + session.teeType() + " evidence verifier is no longer available"));
            VerifiedClaims claims = verify(v, evidence, VerificationContext.builder(now).expectReportData(expected)
                    .build(), session.teeType());
            Appraisal appraisal = gate(gates, session.teeType(), claims, teePubkey, appraise(policy, claims, runtimeData));
            AttestationResult result = issue(session, runtimeData, teePubkey, claims, appraisal, now, tokenId);
            AUDIT.info("attestation tee={} status={} policy={} findings={} session={}", session.teeType(),
                    appraisal.status().json(), appraisal.policyId(),
                    appraisal.findings().stream().map(f -> f.code() + ":" + f.status().json()).toList(),
                    sessionHash(session.id()));
            return result;
        } catch (AttestationException e) {
            auditRefusal(session.teeType(), e.reasonCode(), session.id());
            throw e;
        }
    }

    static void auditRefusal(String tee, String code, String sessionId) {
        AUDIT.info("attestation refused tee={} code={} session={}", tee, code, sessionHash(sessionId));
    }

    /** Validates the runtime-data members CCL relies on and returns the attested public key. */
    private static Map<String, Object> checkRequest(Session session, Map<String, Object> runtimeData, Evidence evidence)
            throws AttestationException {
        if (runtimeData == null || evidence == null) {
            throw badRequest("INVALID_REQUEST", "runtime-data and evidence are required");
        }
        if (runtimeData.values().stream().anyMatch(java.util.Objects::isNull)) {
            throw badRequest("INVALID_RUNTIME_DATA", "runtime-data members must not be null");
        }
        if (!session.teeType().equals(evidence.teeType())) {
            throw badRequest("TEE_MISMATCH", "evidence is " + evidence.teeType() + " but the session was opened for "
                    + session.teeType());
        }
        if (!(runtimeData.get(RuntimeDataBinding.NONCE) instanceof String nonce)
                || !MessageDigest.isEqual(nonce.getBytes(StandardCharsets.UTF_8),
                        session.nonce().getBytes(StandardCharsets.UTF_8))) {
            throw new AttestationException(Kind.NONCE_MISMATCH, "runtime-data nonce is not the session's nonce");
        }
        if (!(runtimeData.get(RuntimeDataBinding.TEE_PUBKEY) instanceof Map<?, ?> jwk) || !stringKeys(jwk)) {
            throw badRequest("INVALID_TEE_PUBKEY", "runtime-data tee-pubkey must be a JWK object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> teePubkey = EarReader.withoutNulls((Map<String, Object>) jwk);
        if (!Jwe.isSealable(teePubkey)) {
            throw badRequest("INVALID_TEE_PUBKEY", "tee-pubkey must be a public EC P-256/384/521 or RSA >= 2048 JWK");
        }
        return teePubkey;
    }

    private static ReportData binding(Map<String, Object> runtimeData) throws AttestationException {
        try {
            return RuntimeDataBinding.reportData(runtimeData);
        } catch (CryptoException e) {
            throw badRequest("INVALID_RUNTIME_DATA", "runtime-data cannot be canonicalized (RFC 8785)");
        }
    }

    private static VerifiedClaims verify(EvidenceVerifier verifier, Evidence evidence, VerificationContext context,
            String tee) throws AttestationException {
        VerifiedClaims claims;
        try {
            claims = verifier.verify(evidence, context);
        } catch (MalformedEvidenceException e) {
            throw new AttestationException(Kind.MALFORMED_EVIDENCE, null, e.getMessage(), e);
        } catch (EvidenceRejectedException e) {
            throw new AttestationException(Kind.EVIDENCE_REJECTED, e.reason().name(), e.getMessage(), e);
        } catch (CollateralUnavailableException e) {
            throw new AttestationException(Kind.COLLATERAL_UNAVAILABLE, null, e.getMessage(), e);
        } catch (RuntimeException e) {
            // A verifier must only throw the declared errors; fail closed on anything else.
            LOG.error("evidence verifier {} failed with {}", verifier.getClass().getName(), e.getClass().getName());
            throw new AttestationException(Kind.MALFORMED_EVIDENCE, null, "the evidence could not be verified", e);
        }
        // Defence in depth: the verifier promised both, check them anyway.
        if (claims == null || !tee.equals(claims.teeType())) {
            throw new AttestationException(Kind.EVIDENCE_REJECTED, RejectionReason.PLATFORM_MISMATCH.name(),
                    "the verifier returned claims for another TEE type", null);
        }
        if (!context.expectedReportData().orElseThrow().equals(claims.reportData())) {
            throw new AttestationException(Kind.EVIDENCE_REJECTED, RejectionReason.REPORT_DATA_MISMATCH.name(),
                    "report data does not bind the runtime-data", null);
        }
        return claims;
    }

    private static Appraisal appraise(AppraisalPolicy policy, VerifiedClaims claims, Map<String, Object> runtimeData) {
        if (policy == null) {
            return new Appraisal(NO_POLICY, EarStatus.NONE, List.of(new Finding("policy.missing", EarStatus.NONE,
                    "no appraisal policy is available")), Map.of());
        }
        try {
            Appraisal a = policy.appraise(claims, runtimeData);
            if (a != null) {
                return a;
            }
        } catch (RuntimeException e) {
            LOG.error("appraisal policy {} failed with {}", policy.getClass().getName(), e.getClass().getName());
        }
        return new Appraisal(NO_POLICY, EarStatus.NONE, List.of(new Finding("policy.error", EarStatus.NONE,
                "the appraisal policy failed")), Map.of());
    }

    /** Adds the gates' findings; the status only ever gets worse, and a failing gate yields NONE. */
    static Appraisal gate(List<AppraisalGate> gates, String tee, VerifiedClaims claims, Map<String, Object> teePubkey,
            Appraisal appraisal) {
        if (gates.isEmpty()) {
            return appraisal;
        }
        List<Finding> findings = new ArrayList<>(appraisal.findings());
        EarStatus status = appraisal.status();
        Map<String, Object> annotated = EarReader.withoutNulls(claims.claims());
        for (AppraisalGate g : gates) {
            List<Finding> extra;
            try {
                extra = g.review(tee, annotated, teePubkey, appraisal);
            } catch (RuntimeException e) {
                LOG.error("appraisal gate {} failed with {}", g.getClass().getName(), e.getClass().getName());
                extra = List.of(new Finding("gate.error", EarStatus.NONE, "an appraisal gate failed"));
            }
            for (Finding f : extra == null ? List.<Finding>of() : extra) {
                findings.add(f);
                status = status.worst(f.status());
            }
        }
        return new Appraisal(appraisal.policyId(), status, findings, appraisal.trustVector());
    }

    private AttestationResult issue(Session session, Map<String, Object> runtimeData, Map<String, Object> teePubkey,
            VerifiedClaims claims, Appraisal appraisal, Instant now, String tokenId) throws AttestationException {
        Instant expires = now.plus(settings.tokenTtl());
        Map<String, Object> annotated = EarReader.withoutNulls(claims.claims());
        try {
            Map<String, Object> ear = EarToken.claims(new EarToken.Input(settings.issuer(), settings.build(), tokenId,
                    session.nonce(), now, expires, session.teeType(), appraisal, annotated, teePubkey, runtimeData));
            String token = signingKey.signJwt(ear, EarToken.TYPE);
            return new AttestationResult(token, settings.issuer(), session.teeType(), appraisal.status(),
                    appraisal.findings(), appraisal.trustVector(), annotated, teePubkey, runtimeData,
                    appraisal.policyId(), now, expires);
        } catch (CryptoException | IllegalArgumentException e) {
            throw badRequest("INVALID_TEE_PUBKEY", "the attested key cannot be encoded into a token");
        }
    }

    private static boolean stringKeys(Map<?, ?> map) {
        return map.keySet().stream().allMatch(String.class::isInstance);
    }

    private static AttestationException badRequest(String code, String message) {
        return new AttestationException(Kind.BAD_REQUEST, code, message, null);
    }

    /** First 12 hex digits of SHA-256(session id): correlates log lines without revealing the cookie. */
    static String sessionHash(String sessionId) {
        if (sessionId == null) {
            return "-";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
