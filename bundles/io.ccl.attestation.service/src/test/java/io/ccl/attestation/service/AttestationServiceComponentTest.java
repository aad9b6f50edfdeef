package io.ccl.attestation.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.attestation.api.AttestationException;
import io.ccl.attestation.api.AttestationException.Kind;
import io.ccl.attestation.api.AttestationResult;
import io.ccl.attestation.api.Challenge;
import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EarStatus;
import io.ccl.attestation.api.EvidenceVerifier;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.crypto.CryptoException;
import io.ccl.crypto.Jwe;
import io.ccl.crypto.JwtVerifier;
import io.ccl.tee.api.Evidence;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AttestationServiceComponentTest {
    private final Harness h;

    AttestationServiceComponentTest() throws CryptoException {
        h = new Harness();
    }

    @Test
    void happyPathIssuesAnEarThatVerifiesWithThePublishedJwks() throws Exception {
        Challenge c = h.service.challenge(TestTee.TYPE);
        assertEquals(43, c.nonce().length(), "32 random bytes, base64url without padding");
        assertEquals(Harness.T0.plusSeconds(60), c.expiresAt());
        Map<String, Object> rd = h.runtimeData(c.nonce());
        AttestationResult r = h.service.attest(c.sessionId(), rd, h.evidence(rd, Harness.MEASUREMENT));

        assertEquals(EarStatus.AFFIRMING, r.status());
        assertEquals("test-policy", r.policyId());
        assertEquals(Harness.T0.plusSeconds(300), r.expiresAt());
        assertTrue(r.trustworthyAt(Harness.T0, false));
        Map<String, Object> claims = JwtVerifier.forJwks(h.service.jwks()).verify(r.token(), Harness.T0, Harness.ISSUER);
        assertEquals("tag:github.com,2023:veraison/ear", claims.get("eat_profile"));
        assertEquals("affirming", claims.get("ccl.status"));
        assertEquals(TestTee.TYPE, claims.get("ccl.tee"));
        assertEquals(Jwe.thumbprint(h.runtimeKey.publicJwk()), claims.get("sub"));
        assertEquals(c.nonce(), claims.get("eat_nonce"));
        assertEquals(Harness.T0.getEpochSecond(), claims.get("iat"));
        assertEquals(Harness.T0.getEpochSecond() + 300, claims.get("exp"));
        assertEquals(h.runtimeKey.publicJwk(), claims.get("ccl.tee-pubkey"));
        assertEquals(rd, claims.get("ccl.runtime-data"));
        assertEquals(List.of(Map.of("code", "reference.measurement", "status", "affirming", "message",
                "measurement matches")), claims.get("ccl.findings"));
        assertEquals(Map.of("developer", "io.ccl", "build", "io.ccl.attestation.service test"),
                claims.get("ear.verifier-id"));
        Map<?, ?> submod = (Map<?, ?>) ((Map<?, ?>) claims.get("submods")).get(TestTee.TYPE);
        assertEquals("affirming", submod.get("ear.status"));
        assertEquals("test-policy", submod.get("ear.appraisal-policy-id"));
        assertEquals(Map.of("instance-identity", 2L, "executables", 3L, "hardware", 2L),
                submod.get("ear.trustworthiness-vector"));
        assertEquals(Harness.MEASUREMENT_HEX, ((Map<?, ?>) submod.get("ear.veraison.annotated-evidence"))
                .get("measurement"));
        // akpub is the SubjectPublicKeyInfo of the attested key.
        String akpub = (String) ((Map<?, ?>) submod.get("ear.veraison.key-attestation")).get("akpub");
        ECPublicKey ak = (ECPublicKey) KeyFactory.getInstance("EC")
                .generatePublic(new X509EncodedKeySpec(Base64.getUrlDecoder().decode(akpub)));
        assertEquals(new java.math.BigInteger(1, Base64.getUrlDecoder().decode(
                (String) h.runtimeKey.publicJwk().get("x"))), ak.getW().getAffineX());

        assertEquals(r.token(), h.service.sessionResult(c.sessionId()).orElseThrow().token());
        AttestationResult fromToken = h.service.tokenResult(r.token());
        assertEquals(r.status(), fromToken.status());
        assertEquals(r.findings(), fromToken.findings());
        assertEquals(r.trustVector(), fromToken.trustVector());
        assertEquals(r.teePublicKey(), fromToken.teePublicKey());
        assertEquals(r.expiresAt(), fromToken.expiresAt());
        assertEquals(r.policyId(), fromToken.policyId());
        assertEquals(TestTee.TYPE, fromToken.teeType());
    }

    @Test
    void replayIsAnUnknownSession() throws Exception {
        Challenge c = h.service.challenge(TestTee.TYPE);
        Map<String, Object> rd = h.runtimeData(c.nonce());
        Evidence ev = h.evidence(rd, Harness.MEASUREMENT);
        h.service.attest(c.sessionId(), rd, ev);
        assertKind(Kind.UNKNOWN_SESSION, () -> h.service.attest(c.sessionId(), rd, ev));
        assertKind(Kind.UNKNOWN_SESSION, () -> h.service.attest("no-such-session", rd, ev));
        assertKind(Kind.UNKNOWN_SESSION, () -> h.service.attest(null, rd, ev));
    }

    @Test
    void aFailedAttemptConsumesTheSessionToo() throws Exception {
        Challenge c = h.service.challenge(TestTee.TYPE);
        Map<String, Object> rd = h.runtimeData("wrong");
        assertKind(Kind.NONCE_MISMATCH, () -> h.service.attest(c.sessionId(), rd, h.evidence(rd, Harness.MEASUREMENT)));
        Map<String, Object> good = h.runtimeData(c.nonce());
        assertKind(Kind.UNKNOWN_SESSION, () -> h.service.attest(c.sessionId(), good, h.evidence(good,
                Harness.MEASUREMENT)));
    }

    @Test
    void expiredNonceIsRefused() throws Exception {
        Challenge c = h.service.challenge(TestTee.TYPE);
        Map<String, Object> rd = h.runtimeData(c.nonce());
        h.clock.advance(Duration.ofSeconds(60));
        assertKind(Kind.NONCE_EXPIRED, () -> h.service.attest(c.sessionId(), rd, h.evidence(rd, Harness.MEASUREMENT)));
    }

    @Test
    void nonceMismatchIsRefused() throws Exception {
        Challenge c = h.service.challenge(TestTee.TYPE);
        Challenge other = h.service.challenge(TestTee.TYPE);
        Map<String, Object> rd = h.runtimeData(other.nonce());
        assertKind(Kind.NONCE_MISMATCH, () -> h.service.attest(c.sessionId(), rd, h.evidence(rd, Harness.MEASUREMENT)));
        Map<String, Object> noNonce = h.runtimeData(c.nonce());
        noNonce.remove("nonce");
        Challenge third = h.service.challenge(TestTee.TYPE);
        assertKind(Kind.NONCE_MISMATCH, () -> h.service.attest(third.sessionId(), noNonce,
                h.evidence(noNonce, Harness.MEASUREMENT)));
    }

    @Test
    void runtimeDataChangedAfterTheEvidenceIsAReportDataMismatch() throws Exception {
        Challenge c = h.service.challenge(TestTee.TYPE);
        Map<String, Object> rd = h.runtimeData(c.nonce());
        Evidence ev = h.evidence(rd, Harness.MEASUREMENT);
        rd.put("measurements", "cd".repeat(48));
        AttestationException e = assertKind(Kind.EVIDENCE_REJECTED, () -> h.service.attest(c.sessionId(), rd, ev));
        assertEquals(RejectionReason.REPORT_DATA_MISMATCH.name(), e.reasonCode());
    }

    @Test
    void aSwappedKeyIsAReportDataMismatch() throws Exception {
        Challenge c = h.service.challenge(TestTee.TYPE);
        Map<String, Object> rd = h.runtimeData(c.nonce());
        Evidence ev = h.evidence(rd, Harness.MEASUREMENT);
        rd.put("tee-pubkey", io.ccl.crypto.EncryptionKey.generate().publicJwk());
        assertEquals(RejectionReason.REPORT_DATA_MISMATCH.name(),
                assertKind(Kind.EVIDENCE_REJECTED, () -> h.service.attest(c.sessionId(), rd, ev)).reasonCode());
    }

    @Test
    void verifierErrorsKeepTheirKinds() throws Exception {
        Challenge c1 = h.service.challenge(TestTee.TYPE);
        Map<String, Object> rd1 = h.runtimeData(c1.nonce());
        assertKind(Kind.MALFORMED_EVIDENCE, () -> h.service.attest(c1.sessionId(), rd1,
                new Evidence(TestTee.TYPE, new byte[10])));

        Challenge c2 = h.service.challenge(TestTee.TYPE);
        Map<String, Object> rd2 = h.runtimeData(c2.nonce());
        byte[] forged = h.evidence(rd2, Harness.MEASUREMENT).payload();
        forged[80] ^= 1;
        assertEquals("BAD_SIGNATURE", assertKind(Kind.EVIDENCE_REJECTED, () -> h.service.attest(c2.sessionId(), rd2,
                new Evidence(TestTee.TYPE, forged))).reasonCode());

        EvidenceVerifier offline = new EvidenceVerifier() {
            @Override
            public String teeType() {
                return "offline";
            }

            @Override
            public io.ccl.attestation.api.VerifiedClaims verify(Evidence e, io.ccl.attestation.api.VerificationContext x)
                    throws CollateralUnavailableException {
                throw new CollateralUnavailableException("VCEK", "KDS unreachable");
            }
        };
        h.service.addVerifier(offline, Map.of("ccl.tee.type", "offline"));
        Challenge c3 = h.service.challenge("offline");
        Map<String, Object> rd3 = h.runtimeData(c3.nonce());
        assertKind(Kind.COLLATERAL_UNAVAILABLE, () -> h.service.attest(c3.sessionId(), rd3,
                new Evidence("offline", new byte[1])));
    }

    @Test
    void evidenceOfAnotherTeeThanTheSessionIsABadRequest() throws Exception {
        Challenge c = h.service.challenge(TestTee.TYPE);
        Map<String, Object> rd = h.runtimeData(c.nonce());
        Evidence ev = new Evidence("sevsnp", h.evidence(rd, Harness.MEASUREMENT).payload());
        assertEquals("TEE_MISMATCH", assertKind(Kind.BAD_REQUEST, () -> h.service.attest(c.sessionId(), rd, ev))
                .reasonCode());
    }

    @Test
    void teePubkeyMustBeASealablePublicJwk() throws Exception {
        List<Object> bad = List.of("not a map", Map.of("kty", "EC", "crv", "P-256", "x", "AA", "y", "BB"),
                Map.of("kty", "oct", "k", "AAAA"));
        for (Object jwk : bad) {
            Challenge c = h.service.challenge(TestTee.TYPE);
            Map<String, Object> rd = h.runtimeData(c.nonce());
            rd.put("tee-pubkey", jwk);
            assertEquals("INVALID_TEE_PUBKEY", assertKind(Kind.BAD_REQUEST, () -> h.service.attest(c.sessionId(), rd,
                    h.evidence(rd, Harness.MEASUREMENT))).reasonCode(), String.valueOf(jwk));
        }
        Challenge c = h.service.challenge(TestTee.TYPE);
        Map<String, Object> rd = h.runtimeData(c.nonce());
        rd.put("extra", null);
        assertKind(Kind.BAD_REQUEST, () -> h.service.attest(c.sessionId(), rd, h.evidence(new HashMap<>(rd),
                Harness.MEASUREMENT)));
    }

    @Test
    void withoutAPolicyTheResultIsNoneButStillSigned() throws Exception {
        h.service.unsetPolicy(h.policy);
        AttestationResult r = h.attestOnce();
        assertEquals(EarStatus.NONE, r.status());
        assertEquals("policy.missing", r.findings().get(0).code());
        assertFalse(r.trustworthyAt(Harness.T0, true));
        assertEquals("none", JwtVerifier.forJwks(h.service.jwks()).verify(r.token(), Harness.T0, Harness.ISSUER)
                .get("ccl.status"));
    }

    @Test
    void aContraindicatedAppraisalStillYieldsAToken() throws Exception {
        Challenge c = h.service.challenge(TestTee.TYPE);
        Map<String, Object> rd = h.runtimeData(c.nonce());
        AttestationResult r = h.service.attest(c.sessionId(), rd, h.evidence(rd, new byte[32]));
        assertEquals(EarStatus.CONTRAINDICATED, r.status());
        assertEquals("contraindicated", JwtVerifier.forJwks(h.service.jwks()).verify(r.token(), Harness.T0, null)
                .get("ccl.status"));
    }

    @Test
    void aThrowingPolicyGivesNone() throws Exception {
        h.service.setPolicy(new io.ccl.attestation.api.AppraisalPolicy() {
            @Override
            public String id() {
                return "broken";
            }

            @Override
            public io.ccl.attestation.api.Appraisal appraise(io.ccl.attestation.api.VerifiedClaims claims,
                    Map<String, Object> runtimeData) {
                throw new IllegalStateException("boom");
            }
        });
        AttestationResult r = h.attestOnce();
        assertEquals(EarStatus.NONE, r.status());
        assertEquals("policy.error", r.findings().get(0).code());
    }

    @Test
    void sessionsAreBoundedAndExpiredOnesMakeRoom() throws Exception {
        Harness small = new Harness(3, false);
        for (int i = 0; i < 3; i++) {
            small.service.challenge(TestTee.TYPE);
        }
        AttestationException e = assertKind(Kind.COLLATERAL_UNAVAILABLE, () -> small.service.challenge(TestTee.TYPE));
        assertEquals(AttestationServiceComponent.TOO_MANY_SESSIONS, e.reasonCode());
        assertEquals(3, small.service.openSessions());
        small.clock.advance(Duration.ofSeconds(60));
        Challenge later = small.service.challenge(TestTee.TYPE);
        assertTrue(small.service.openSessions() <= 3);
        Map<String, Object> rd = small.runtimeData(later.nonce());
        assertEquals(EarStatus.AFFIRMING, small.service.attest(later.sessionId(), rd,
                small.evidence(rd, Harness.MEASUREMENT)).status());
        assertEquals(0, small.service.openSessions());
    }

    @Test
    void unknownTeeIsUnsupported() {
        assertKind(Kind.UNSUPPORTED_TEE, () -> h.service.challenge("sevsnp"));
        assertKind(Kind.UNSUPPORTED_TEE, () -> h.service.challenge(null));
        assertEquals(Set.of(TestTee.TYPE), h.service.supportedTeeTypes());
    }

    @Test
    void verifiersComeAndGoAndMustAgreeWithTheirProperty() throws Exception {
        h.service.addVerifier(new TestTee().verifier(), Map.of("ccl.tee.type", "tdx"));
        assertEquals(Set.of(TestTee.TYPE), h.service.supportedTeeTypes(), "property and teeType() disagree");
        h.service.removeVerifier(h.verifier, Map.of());
        assertKind(Kind.UNSUPPORTED_TEE, () -> h.service.challenge(TestTee.TYPE));
        h.service.addVerifier(h.verifier, Map.of("ccl.tee.type", new String[] {TestTee.TYPE}));
        assertEquals(43, h.service.challenge(TestTee.TYPE).nonce().length());
    }

    @Test
    void theHighestRankedVerifierDecides() throws Exception {
        // A verifier trusting another "hardware" key outranks the harness's: its evidence no longer verifies.
        h.service.addVerifier(new TestTee().verifier(), Map.of("ccl.tee.type", TestTee.TYPE, "service.ranking", 10,
                "service.id", 2L));
        Challenge c = h.service.challenge(TestTee.TYPE);
        Map<String, Object> rd = h.runtimeData(c.nonce());
        assertEquals("BAD_SIGNATURE", assertKind(Kind.EVIDENCE_REJECTED, () -> h.service.attest(c.sessionId(), rd,
                h.evidence(rd, Harness.MEASUREMENT))).reasonCode());
    }

    @Test
    void sessionResultsExpireWithTheirToken() throws Exception {
        Challenge c = h.service.challenge(TestTee.TYPE);
        Map<String, Object> rd = h.runtimeData(c.nonce());
        h.service.attest(c.sessionId(), rd, h.evidence(rd, Harness.MEASUREMENT));
        assertTrue(h.service.sessionResult(c.sessionId()).isPresent());
        h.clock.advance(Duration.ofSeconds(300));
        assertTrue(h.service.sessionResult(c.sessionId()).isEmpty());
    }

    @Test
    void bearerTokensAreCheckedForSignatureIssuerAndExpiry() throws Exception {
        AttestationResult r = h.attestOnce();
        Harness stranger = new Harness();
        assertEquals(CryptoException.Reason.UNKNOWN_KEY,
                assertThrows(CryptoException.class, () -> stranger.service.tokenResult(r.token())).reason());
        String[] parts = r.token().split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 3) + "xyz." + parts[2];
        assertThrows(CryptoException.class, () -> h.service.tokenResult(tampered));
        h.clock.advance(Duration.ofSeconds(400));
        assertEquals(CryptoException.Reason.EXPIRED,
                assertThrows(CryptoException.class, () -> h.service.tokenResult(r.token())).reason());
    }

    static AttestationException assertKind(Kind kind, org.junit.jupiter.api.function.Executable call) {
        AttestationException e = assertThrows(AttestationException.class, call);
        assertEquals(kind, e.kind(), e::getMessage);
        return e;
    }
}
