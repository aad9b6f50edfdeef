package io.ccl.tee.cca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.ECKey;
import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerificationException;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.cca.verify.PlatformKey;
import io.ccl.tee.cca.verify.PlatformKeys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Trustee and Veraison CCA tokens, their trust anchors and the tampered vector. */
class RealTokensTest {
    private static final CcaVerifier VERIFIER = new CcaVerifier(TestVectors.allKeys(), false);
    private static final VerificationContext AT_NOW = VerificationContext.at(TestVectors.NOW);

    private static String hexOfBase64(String b64) {
        return HexFormat.of().formatHex(Base64.getDecoder().decode(b64));
    }

    @Test
    void trusteeTokenVerifiesAgainstItsTrustAnchorStore() throws Exception {
        List<PlatformKey> tastore = PlatformKeys.parse("tastore.json", TestVectors.read(TestVectors.TRUSTEE_TASTORE));
        VerifiedClaims c = new CcaVerifier(tastore, false).verify(TestVectors.evidence(TestVectors.TRUSTEE_TOKEN), AT_NOW);
        JsonNode store = new ObjectMapper().readTree(TestVectors.read(TestVectors.TRUSTEE_TASTORE)).get(0);
        assertEquals(store.get("instance-id").asText(), c.claims().get("platform_instance_id"));
        assertEquals(store.get("implementation-id").asText(), c.claims().get("platform_implementation_id"));
        assertEquals("legacy", c.claims().get("realm_profile"));
        assertEquals("http://arm.com/CCA-SSD/1.0.0", c.claims().get("platform_profile"));
        assertEquals("ES384", c.claims().get("platform_signature_alg"));
        assertEquals("ES384", c.claims().get("realm_signature_alg"));
        assertEquals("secured", c.claims().get("platform_lifecycle_state"));
        assertEquals(13, ((List<?>) c.claims().get("platform_sw_components")).size());
        assertEquals(c.reportData().hex(), c.claims().get("realm_challenge"));
    }

    @Test
    void veraisonTokenCarriesItsSourceClaims() throws Exception {
        VerifiedClaims c = VERIFIER.verify(TestVectors.evidence(TestVectors.VERAISON_TOKEN), AT_NOW);
        JsonNode src = new ObjectMapper().readTree(TestVectors.read("veraison-services/arm-cca_evidence_src_cca-good.json"));
        JsonNode p = src.get("cca-platform-token");
        JsonNode r = src.get("cca-realm-delegated-token");
        assertEquals(hexOfBase64(p.get("cca-platform-challenge").asText()), c.claims().get("platform_challenge"));
        assertEquals(hexOfBase64(p.get("cca-platform-implementation-id").asText()), c.claims().get("platform_implementation_id"));
        assertEquals(hexOfBase64(p.get("cca-platform-instance-id").asText()), c.claims().get("platform_instance_id"));
        assertEquals(hexOfBase64(p.get("cca-platform-config").asText()), c.claims().get("platform_config"));
        assertEquals(p.get("cca-platform-lifecycle").asLong(), c.claims().get("platform_lifecycle"));
        assertEquals(p.get("cca-platform-service-indicator").asText(), c.claims().get("platform_verification_service"));
        List<?> comps = (List<?>) c.claims().get("platform_sw_components");
        assertEquals(p.get("cca-platform-sw-components").size(), comps.size());
        for (int i = 0; i < comps.size(); i++) {
            JsonNode want = p.get("cca-platform-sw-components").get(i);
            Map<?, ?> got = (Map<?, ?>) comps.get(i);
            assertEquals(want.get("measurement-type").asText(), got.get("measurement_type"));
            assertEquals(hexOfBase64(want.get("measurement-value").asText()), got.get("measurement_value"));
            assertEquals(hexOfBase64(want.get("signer-id").asText()), got.get("signer_id"));
            assertEquals(want.get("version").asText(), got.get("version"));
        }
        assertEquals(hexOfBase64(r.get("cca-realm-challenge").asText()), c.reportData().hex());
        assertEquals(hexOfBase64(r.get("cca-realm-personalization-value").asText()), c.claims().get("realm_personalization_value"));
        assertEquals(hexOfBase64(r.get("cca-realm-initial-measurement").asText()), c.claims().get("realm_initial_measurement"));
        assertEquals(hexOfBase64(r.get("cca-realm-extensible-measurements").get(3).asText()),
                ((List<?>) c.claims().get("realm_extensible_measurements")).get(3));
        assertEquals(hexOfBase64(r.get("cca-realm-public-key").asText()), c.claims().get("realm_public_key"));
        assertEquals("tag:arm.com,2023:realm#1.0.0", c.claims().get("realm_profile"));
        assertEquals("ES256", c.claims().get("platform_signature_alg"));
    }

    @Test
    void theTamperedRealmChallengeIsABadSignature() {
        EvidenceRejectedException e = assertThrows(EvidenceRejectedException.class,
                () -> VERIFIER.verify(TestVectors.evidence(TestVectors.TAMPERED_REALM_CHALLENGE), AT_NOW));
        assertEquals(RejectionReason.BAD_SIGNATURE, e.reason());
    }

    @Test
    void anotherPlatformsKeyIsAnUntrustedRoot() {
        CcaVerifier onlyVeraison = new CcaVerifier(TestVectors.keys(TestVectors.VERAISON_CPAK), false);
        EvidenceRejectedException e = assertThrows(EvidenceRejectedException.class,
                () -> onlyVeraison.verify(TestVectors.evidence(TestVectors.TRUSTEE_TOKEN), AT_NOW));
        assertEquals(RejectionReason.UNTRUSTED_ROOT, e.reason());
    }

    @Test
    void aKeyPinnedToAnotherInstanceIsAPlatformMismatch() {
        PlatformKey k = TestVectors.keys(TestVectors.TRUSTEE_CPAK).get(0);
        PlatformKey pinned = new PlatformKey("pinned", k.key(), null, new byte[33], null, null);
        EvidenceRejectedException e = assertThrows(EvidenceRejectedException.class,
                () -> new CcaVerifier(List.of(pinned), false).verify(TestVectors.evidence(TestVectors.TRUSTEE_TOKEN), AT_NOW));
        assertEquals(RejectionReason.PLATFORM_MISMATCH, e.reason());
    }

    @Test
    void withoutAnyPlatformKeyCollateralIsUnavailable() {
        assertThrows(CollateralUnavailableException.class,
                () -> new CcaVerifier(List.of(), false).verify(TestVectors.evidence(TestVectors.TRUSTEE_TOKEN), AT_NOW));
    }

    @Test
    void keysOutsideTheirValidityAreExpired() {
        for (Instant t : List.of(Instant.parse("2019-12-31T23:59:59Z"), Instant.parse("2040-01-01T00:00:01Z"))) {
            EvidenceRejectedException e = assertThrows(EvidenceRejectedException.class,
                    () -> VERIFIER.verify(TestVectors.evidence(TestVectors.VERAISON_TOKEN), VerificationContext.at(t)));
            assertEquals(RejectionReason.CERT_EXPIRED, e.reason(), t.toString());
        }
    }

    @Test
    void aPemPublicKeyIsATrustAnchor() throws Exception {
        ECKey jwk = ECKey.parse(new String(TestVectors.read(TestVectors.TRUSTEE_CPAK), StandardCharsets.UTF_8));
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(jwk.toECPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        List<PlatformKey> keys = PlatformKeys.parse("cpak.pem", pem.getBytes(StandardCharsets.US_ASCII));
        assertEquals("cpak.pem", new CcaVerifier(keys, false)
                .verify(TestVectors.evidence(TestVectors.TRUSTEE_TOKEN), AT_NOW).claims().get("platform_key"));
    }

    @Test
    void theExpectedReportDataIsTheRealmChallenge() throws VerificationException {
        VerifiedClaims c = VERIFIER.verify(TestVectors.evidence(TestVectors.TRUSTEE_TOKEN), AT_NOW);
        VerificationContext same = VerificationContext.builder(TestVectors.NOW).expectReportData(c.reportData()).build();
        assertEquals(c.reportData(), VERIFIER.verify(TestVectors.evidence(TestVectors.TRUSTEE_TOKEN), same).reportData());
    }
}
