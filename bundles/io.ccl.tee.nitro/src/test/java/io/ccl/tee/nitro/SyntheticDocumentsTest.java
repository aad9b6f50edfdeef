package io.ccl.tee.nitro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerificationException;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.nitro.verify.VerifierSettings;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Documents signed by a test PKI: encodings the NSM may use and every syntactic rule of the payload. */
class SyntheticDocumentsTest {
    private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");
    private static final SyntheticDocuments PKI = new SyntheticDocuments(T);
    private static final NitroVerifier VERIFIER = new NitroVerifier(PKI.trustedRoot(), VerifierSettings.DEFAULT);
    private static final byte[] RD = rd();

    private static byte[] rd() {
        byte[] b = new byte[64];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (0xA0 + i);
        }
        return b;
    }

    private static Map<String, Object> payload() {
        return PKI.payload(T, RD, new byte[] {1, 2, 3}, null);
    }

    private static VerifiedClaims verify(byte[] doc) throws VerificationException {
        return VERIFIER.verify(TestVectors.evidence(doc), VerificationContext.at(T.plusSeconds(5)));
    }

    private static RejectionReason rejected(byte[] doc) {
        return assertThrows(EvidenceRejectedException.class, () -> verify(doc)).reason();
    }

    private static void malformed(byte[] doc) {
        assertThrows(MalformedEvidenceException.class, () -> verify(doc));
    }

    @Test
    void definiteIndefiniteAndTaggedEncodingsAllVerify() throws VerificationException {
        for (boolean indefinite : new boolean[] {false, true}) {
            for (boolean tagged : new boolean[] {false, true}) {
                byte[] doc = PKI.sign(payload(), indefinite, tagged);
                // 0x9F / 0x84: indefinite / definite array; 0xD2: tag 18
                assertEquals(tagged ? (byte) 0xD2 : indefinite ? (byte) 0x9F : (byte) 0x84, doc[0]);
                assertEquals(indefinite ? (byte) 0x9F : (byte) 0x84, doc[tagged ? 1 : 0]);
                VerifiedClaims c = verify(doc);
                assertArrayEquals(RD, c.reportData().bytes(), indefinite + "/" + tagged);
                assertEquals("user_data", c.claims().get("report_data_source"));
                assertEquals("010203", c.claims().get("nonce"));
                assertEquals(false, c.claims().containsKey("public_key"));
                assertEquals("CN=test-nitro-instance", c.claims().get("signer_subject"));
                assertEquals(16, c.claims().keySet().stream().filter(k -> k.matches("pcr\\d+")).count());
            }
        }
    }

    @Test
    void anotherTagIsMalformed() {
        byte[] doc = PKI.sign(payload(), false, true);
        doc[0] = (byte) 0xD1; // tag 17 (COSE_Mac0) instead of 18
        malformed(doc);
    }

    @Test
    void reportDataIsUserDataZeroPaddedOrAbsent() throws VerificationException {
        Map<String, Object> p = payload();
        p.put("user_data", new byte[] {7, 7});
        assertArrayEquals(ReportData.of(new byte[] {7, 7}).bytes(), verify(PKI.sign(p, false, false)).reportData().bytes());
        p.put("user_data", null);
        VerifiedClaims none = verify(PKI.sign(p, false, false));
        assertArrayEquals(new byte[64], none.reportData().bytes());
        assertEquals("none", none.claims().get("report_data_source"));
        VerificationException e = assertThrows(EvidenceRejectedException.class, () -> VERIFIER.verify(
                TestVectors.evidence(PKI.sign(payload(), false, false)),
                VerificationContext.builder(T).expectReportData(ReportData.of(new byte[64])).build()));
        assertEquals(RejectionReason.REPORT_DATA_MISMATCH, ((EvidenceRejectedException) e).reason());
    }

    @Test
    void unknownDigestIsRejectedTyped() {
        Map<String, Object> p = payload();
        p.put("digest", "SHA256");
        assertEquals(RejectionReason.UNSUPPORTED_ALGORITHM, rejected(PKI.sign(p, false, false)));
    }

    @Test
    void everyRequiredMemberMustBePresent() {
        for (String member : List.of("module_id", "digest", "timestamp", "pcrs", "certificate", "cabundle")) {
            Map<String, Object> p = payload();
            p.remove(member);
            malformed(PKI.sign(p, false, false));
        }
    }

    @Test
    void oversizeAndWrongTypesAreMalformed() throws VerificationException {
        for (String member : List.of("user_data", "nonce", "public_key")) {
            Map<String, Object> p = payload();
            p.put(member, new byte[1024]);
            verify(PKI.sign(p, false, false));
            p.put(member, new byte[1025]);
            malformed(PKI.sign(p, false, false));
            p.put(member, "text");
            malformed(PKI.sign(p, false, false));
        }
        Map<String, Object> p = payload();
        p.put("module_id", "");
        malformed(PKI.sign(p, false, false));
        p = payload();
        p.put("timestamp", "now");
        malformed(PKI.sign(p, false, false));
        p = payload();
        p.put("unexpected", "member");
        malformed(PKI.sign(p, false, false));
    }

    @Test
    void pcrsMustBeIndexedAndSized() {
        Map<String, Object> p = payload();
        p.put("pcrs", Map.of(0, new byte[20]));
        malformed(PKI.sign(p, false, false));
        p.put("pcrs", Map.of(32, new byte[48]));
        malformed(PKI.sign(p, false, false));
        p.put("pcrs", Map.of());
        malformed(PKI.sign(p, false, false));
        p.put("pcrs", Map.of("zero", new byte[48]));
        malformed(PKI.sign(p, false, false));
    }

    @Test
    void chainMustReachThePinnedRootInOrder() throws GeneralSecurityException {
        SyntheticDocuments other = new SyntheticDocuments(T);
        Map<String, Object> p = payload();
        p.put("cabundle", List.of(other.root.getEncoded(), PKI.intermediate.getEncoded()));
        assertEquals(RejectionReason.UNTRUSTED_ROOT, rejected(PKI.sign(p, false, false)));
        p.put("cabundle", List.of(PKI.root.getEncoded()));
        assertEquals(RejectionReason.CERT_CHAIN_INVALID, rejected(PKI.sign(p, false, false)));
        p.put("cabundle", List.of(PKI.root.getEncoded(), other.intermediate.getEncoded()));
        assertEquals(RejectionReason.CERT_CHAIN_INVALID, rejected(PKI.sign(p, false, false)));
        p.put("cabundle", List.of());
        assertEquals(RejectionReason.UNTRUSTED_ROOT, rejected(PKI.sign(p, false, false)));
    }

    @Test
    void hostileLengthsAndNestingFailFastAsMalformed() {
        // a byte string claiming 2^32-1 bytes, a text string claiming 2^63, then 100,000 nested arrays
        malformed(new byte[] {(byte) 0x84, 0x5A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0});
        malformed(new byte[] {(byte) 0x7B, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF});
        byte[] deep = new byte[100_000];
        Arrays.fill(deep, (byte) 0x81);
        malformed(deep);
        malformed(new byte[70 * 1024]);
    }
}
