package io.ccl.tee.cca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.MalformedEvidenceException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.attestation.api.VerificationContext;
import io.ccl.attestation.api.VerificationException;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.ReportData;
import io.ccl.tee.cca.verify.CoseSignature;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Negative and edge cases on tokens signed with this test's own CPAK and RAK. */
class SyntheticTokensTest {
    private static final VerificationContext AT_NOW = VerificationContext.at(TestVectors.NOW);

    private static VerifiedClaims verify(SyntheticTokens t, boolean acceptInsecure, VerificationContext ctx)
            throws VerificationException {
        return new CcaVerifier(List.of(t.trustAnchor()), acceptInsecure).verify(new Evidence("cca", t.build()), ctx);
    }

    private static RejectionReason rejection(SyntheticTokens t) {
        return assertThrows(EvidenceRejectedException.class, () -> verify(t, false, AT_NOW)).reason();
    }

    @Test
    void genuineTokensOfBothProfilesAndAllCurvesVerify() throws VerificationException {
        SyntheticTokens v10 = new SyntheticTokens();
        assertEquals("tag:arm.com,2023:realm#1.0.0", verify(v10, false, AT_NOW).claims().get("realm_profile"));

        SyntheticTokens legacy = new SyntheticTokens();
        legacy.coseKeyRak = false;
        legacy.platformProfile = "http://arm.com/CCA-SSD/1.0.0";
        legacy.cpak = SyntheticTokens.keyPair("P-384");
        legacy.platformAlg = CoseSignature.ES384;
        assertEquals("legacy", verify(legacy, false, AT_NOW).claims().get("realm_profile"));

        SyntheticTokens p521 = new SyntheticTokens();
        p521.cpak = SyntheticTokens.keyPair("P-521");
        p521.platformAlg = CoseSignature.ES512;
        p521.rak = SyntheticTokens.keyPair("P-256");
        p521.realmAlg = CoseSignature.ES256;
        p521.rakHashAlg = "sha-512";
        p521.platformChallenge = sha512(p521.rakClaim());
        assertEquals("ES512", verify(p521, false, AT_NOW).claims().get("platform_signature_alg"));
    }

    @Test
    void aTokenSignedByAnUntrustedCpakIsRejected() {
        SyntheticTokens t = new SyntheticTokens();
        SyntheticTokens other = new SyntheticTokens();
        EvidenceRejectedException e = assertThrows(EvidenceRejectedException.class,
                () -> new CcaVerifier(List.of(other.trustAnchor()), false).verify(new Evidence("cca", t.build()), AT_NOW));
        assertEquals(RejectionReason.UNTRUSTED_ROOT, e.reason());
    }

    @Test
    void aRakNotBoundToThePlatformIsRejected() {
        SyntheticTokens t = new SyntheticTokens();
        t.platformChallenge = SyntheticTokens.sha256(new byte[] {1});
        assertEquals(RejectionReason.PLATFORM_MISMATCH, rejection(t));

        // The realm token of one RAK under a platform token bound to another RAK.
        SyntheticTokens swapped = new SyntheticTokens();
        swapped.platformChallenge = SyntheticTokens.sha256(new SyntheticTokens().rakClaim());
        assertEquals(RejectionReason.PLATFORM_MISMATCH, rejection(swapped));
    }

    @Test
    void aPlatformThatIsNotSecuredIsRejectedUnlessConfigured() throws VerificationException {
        for (long lifecycle : new long[] {0x0000, 0x1000, 0x2000, 0x4000, 0x5000, 0x50FF + 1, 0x4100, 0x6000, 0x3100, 0x10000}) {
            SyntheticTokens t = new SyntheticTokens();
            t.lifecycle = lifecycle;
            RejectionReason expected = lifecycle == 0x4000 || lifecycle == 0x5000 ? RejectionReason.DEBUG_MODE
                    : RejectionReason.TCB_REVOKED;
            assertEquals(expected, rejection(t), Long.toHexString(lifecycle));
            VerifiedClaims flagged = verify(t, true, AT_NOW);
            assertEquals(false, flagged.claims().get("platform_secured"));
        }
        SyntheticTokens debug = new SyntheticTokens();
        debug.lifecycle = 0x4000;
        assertEquals("non-psa-rot-debug", verify(debug, true, AT_NOW).claims().get("platform_lifecycle_state"));
        SyntheticTokens secured = new SyntheticTokens();
        secured.lifecycle = 0x30FF;
        assertEquals(true, verify(secured, false, AT_NOW).claims().get("platform_secured"));
    }

    @Test
    void reportDataIsTheRealmChallenge() throws VerificationException {
        SyntheticTokens t = new SyntheticTokens();
        byte[] rd = HexFormat.of().parseHex("00112233445566778899aabbccddeeff".repeat(4));
        t.realmChallenge = rd.clone();
        VerificationContext right = VerificationContext.builder(TestVectors.NOW).expectReportData(ReportData.of(rd)).build();
        assertEquals(ReportData.of(rd), verify(t, false, right).reportData());
        rd[63] ^= 1;
        VerificationContext wrong = VerificationContext.builder(TestVectors.NOW).expectReportData(ReportData.of(rd)).build();
        EvidenceRejectedException e = assertThrows(EvidenceRejectedException.class, () -> verify(t, false, wrong));
        assertEquals(RejectionReason.REPORT_DATA_MISMATCH, e.reason());
    }

    @Test
    void unsupportedProfilesAndAlgorithmsAreTyped() {
        SyntheticTokens profile = new SyntheticTokens();
        profile.platformProfile = "tag:arm.com,2030:cca_platform#9.9.9";
        assertEquals(RejectionReason.UNSUPPORTED_VERSION, rejection(profile));

        SyntheticTokens alg = new SyntheticTokens();
        alg.platformAlg = -8; // EdDSA: not a CCA platform token algorithm
        assertEquals(RejectionReason.UNSUPPORTED_ALGORITHM, rejection(alg));

        SyntheticTokens hash = new SyntheticTokens();
        hash.rakHashAlg = "md5";
        assertEquals(RejectionReason.UNSUPPORTED_ALGORITHM, rejection(hash));

        SyntheticTokens curveMismatch = new SyntheticTokens();
        curveMismatch.realmAlg = CoseSignature.ES256; // header says ES256, the RAK is P-384
        assertEquals(RejectionReason.BAD_SIGNATURE, rejection(curveMismatch));
    }

    @Test
    void aRealmChallengeOfTheWrongSizeIsMalformed() {
        SyntheticTokens t = new SyntheticTokens();
        t.realmChallenge = new byte[32];
        assertThrows(MalformedEvidenceException.class, () -> verify(t, false, AT_NOW));
    }

    @Test
    void structuralDefectsAreMalformed() {
        CcaVerifier verifier = new CcaVerifier(List.of(new SyntheticTokens().trustAnchor()), false);
        byte[] good = new SyntheticTokens().build();
        List<byte[]> bad = List.of(
                // untagged collection
                java.util.Arrays.copyOfRange(good, 3, good.length),
                // trailing byte
                java.util.Arrays.copyOf(good, good.length + 1),
                // tag 399, map with a byte string claiming 2^32-1 bytes
                HexFormat.of().parseHex("d9018fa119acca5affffffff00"),
                // tag 399, map with 2^64-1 entries
                HexFormat.of().parseHex("d9018fbbffffffffffffffff"),
                // duplicate collection key
                SyntheticTokens.cbor(g -> {
                    ((com.fasterxml.jackson.dataformat.cbor.CBORGenerator) g).writeTag(399);
                    g.writeStartObject(null, 2);
                    g.writeFieldId(44234);
                    g.writeBinary(new byte[] {1});
                    g.writeFieldId(44234);
                    g.writeBinary(new byte[] {2});
                    g.writeEndObject();
                }),
                // deeply nested arrays
                nested(1_000),
                new byte[CcaTokenLimits.OVERSIZED]);
        for (byte[] b : bad) {
            assertThrows(MalformedEvidenceException.class, () -> verifier.verify(new Evidence("cca", b), AT_NOW),
                    HexFormat.of().formatHex(b, 0, Math.min(b.length, 16)));
        }
    }

    private static byte[] nested(int depth) {
        byte[] b = new byte[depth + 3];
        b[0] = (byte) 0xd9;
        b[1] = 0x01;
        b[2] = (byte) 0x8f;
        java.util.Arrays.fill(b, 3, b.length, (byte) 0x81);
        return b;
    }

    private static byte[] sha512(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-512").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sizes for the oversized-input case. */
    static final class CcaTokenLimits {
        static final int OVERSIZED = io.ccl.tee.cca.token.CborDecoder.MAX_INPUT + 1;
    }
}
