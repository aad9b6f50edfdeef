package io.ccl.receipts.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.ccl.crypto.CryptoException;
import io.ccl.crypto.SigningKey;
import io.ccl.receipts.api.ReceiptException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real EARs signed by a fake attestation service key, real tree heads signed by a second key that
 * the EAR's runtime-data names; each broken link of the chain is rejected with its reason.
 */
class AttestedReceiptVerifierTest {
    static final String LOG_ID = "ab".repeat(32);
    static final String ISSUER = "https://verifier.example";
    /** The tree head time; EARs are valid from T - 1 min to T + 1 h unless a test says otherwise. */
    static final Instant T = Instant.ofEpochMilli(1_763_683_200_000L);

    private SigningKey verifierKey;
    private SigningKey runtimeKey;
    private Map<String, Object> jwks;
    private List<LogEntry> entries;
    private RfcReference tree;

    @BeforeEach
    void setUp() {
        verifierKey = SigningKey.generate();
        runtimeKey = SigningKey.generate();
        jwks = Map.of("keys", List.of(verifierKey.publicJwk()));
        entries = new ArrayList<>();
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            LogEntry e = LogEntry.of(i, T.minusSeconds(10).plusMillis(i), NewEntry.of("audit", Map.of("action", "key.release", "n", i)));
            entries.add(e);
            leaves.add(e.leafData());
        }
        tree = new RfcReference(leaves);
    }

    /** The claims io.ccl.attestation.service's EarToken writes, binding {@code signingJwk}. */
    static Map<String, Object> earClaims(String status, Map<String, Object> signingJwk, Instant iat, Instant exp) {
        Map<String, Object> runtimeData = new LinkedHashMap<>();
        runtimeData.put("nonce", "bm9uY2U");
        runtimeData.put("tee-pubkey", SigningKey.generate().publicJwk());
        runtimeData.put("measurements", "sha384:" + "00".repeat(48));
        if (signingJwk != null) {
            runtimeData.put("ccl-signing-key", signingJwk);
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("eat_profile", "tag:github.com,2023:veraison/ear");
        c.put("iss", ISSUER);
        c.put("sub", "thumbprint-of-tee-pubkey");
        c.put("iat", iat.getEpochSecond());
        c.put("exp", exp.getEpochSecond());
        c.put("jti", "token-1");
        c.put("ear.verifier-id", Map.of("developer", "io.ccl", "build", "test"));
        c.put("submods", Map.of("sevsnp", Map.of("ear.status", status, "ear.appraisal-policy-id", "policy:test")));
        c.put("ccl.status", status);
        c.put("ccl.tee", "sevsnp");
        c.put("ccl.runtime-data", runtimeData);
        c.put("ccl.findings", List.of());
        return c;
    }

    String ear(Map<String, Object> claims) {
        return verifierKey.signJwt(claims, "JWT");
    }

    String goodEar() {
        return ear(earClaims("affirming", runtimeKey.publicJwk(), T.minusSeconds(60), T.plus(Duration.ofHours(1))));
    }

    SignedTreeHead sth(int size, Instant at, SigningKey signer, String keyId, String ear) {
        TreeHead head = new TreeHead(LOG_ID, size, tree.mth(0, size), at);
        return new SignedTreeHead(head, new TreeHeadSignature(keyId, signer.sign(head.signedMessage(keyId)), ear));
    }

    SignedTreeHead sth(String ear) {
        return sth(9, T, runtimeKey, runtimeKey.kid(), ear);
    }

    Receipt receipt(int index, SignedTreeHead head) {
        int size = (int) head.treeSize();
        return new Receipt(entries.get(index), new InclusionProof(index, size, tree.path(index, size)), head);
    }

    AttestedReceiptVerifier verifier() throws ReceiptException {
        return AttestedReceiptVerifier.forJwks(jwks, null, false);
    }

    @Test
    void receiptsOfEveryEntryVerifyAndNameTheAttestedKey() throws Exception {
        SignedTreeHead head = sth(goodEar());
        for (int i = 0; i < 9; i++) {
            AttestedKey key = verifier().verify(receipt(i, head), LOG_ID);
            assertEquals(runtimeKey.kid(), key.keyId());
            assertEquals(runtimeKey.publicJwk(), key.jwk());
            assertEquals("affirming", key.status());
            assertEquals("sevsnp", key.tee());
            assertEquals(ISSUER, key.issuer());
            assertEquals(T.minusSeconds(60), key.issuedAt());
            assertEquals(T.plus(Duration.ofHours(1)), key.expiresAt());
        }
        AttestedReceiptVerifier.verify(receipt(4, head), jwks, ISSUER, LOG_ID);
        AttestedReceiptVerifier.verify(receipt(4, head), jwks, null, null);
        AttestedReceiptVerifier.forJwks(jwks, ISSUER, false).verifyTreeHead(head, LOG_ID);
        verifier().verifyTreeHead(head, null);
    }

    @Test
    void earFromAnotherVerifierKeyIsRejected() throws Exception {
        SigningKey other = SigningKey.generate();
        String foreign = other.signJwt(earClaims("affirming", runtimeKey.publicJwk(), T.minusSeconds(60), T.plusSeconds(3600)), "JWT");
        assertEar(CryptoException.Reason.UNKNOWN_KEY, foreign);

        // The trusted key's kid in the header, signed by another key.
        ECKey otherEc = ECKey.parse(other.toPrivateJwkInsecure());
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(verifierKey.kid()).build(),
                JWTClaimsSet.parse(earClaims("affirming", runtimeKey.publicJwk(), T.minusSeconds(60), T.plusSeconds(3600))));
        forged.sign(new ECDSASigner(otherEc));
        assertEar(CryptoException.Reason.BAD_SIGNATURE, forged.serialize());

        // A JWKS without the verifier's key.
        ReceiptException e = assertThrows(ReceiptException.class, () -> AttestedReceiptVerifier.verify(receipt(1, sth(goodEar())),
                Map.of("keys", List.of(other.publicJwk())), null, LOG_ID));
        assertEquals(Reason.EAR_INVALID, e.reason());
    }

    @Test
    void unsignedMalformedOrAbsentEarIsRejected() throws Exception {
        PlainJWT plain = new PlainJWT(JWTClaimsSet.parse(earClaims("affirming", runtimeKey.publicJwk(), T.minusSeconds(60),
                T.plusSeconds(3600))));
        assertEar(CryptoException.Reason.MALFORMED, plain.serialize());
        assertEar(CryptoException.Reason.MALFORMED, "not.a.jwt");
        assertEar(CryptoException.Reason.MALFORMED, ear(claimsWithout("exp")));
        assertRejected(Reason.EAR_INVALID, receipt(0, sth(ear(claimsWithout("iat")))));
        assertRejected(Reason.EAR_MISSING, receipt(0, sth((String) null)));
    }

    @Test
    void earMustBeValidAtTheTreeHeadTime() throws Exception {
        // Expired before the head was signed (a receipt verified long after is fine: see below).
        assertEar(CryptoException.Reason.EXPIRED,
                ear(earClaims("affirming", runtimeKey.publicJwk(), T.minus(Duration.ofHours(2)), T.minus(Duration.ofHours(1)))));
        assertEar(CryptoException.Reason.EXPIRED,
                ear(earClaims("affirming", runtimeKey.publicJwk(), T.minusSeconds(3600), T.minusSeconds(31))));
        // Issued after the head's time.
        assertEar(CryptoException.Reason.EXPIRED,
                ear(earClaims("affirming", runtimeKey.publicJwk(), T.plusSeconds(3600), T.plusSeconds(7200))));
        assertEar(CryptoException.Reason.EXPIRED,
                ear(earClaims("affirming", runtimeKey.publicJwk(), T.plusSeconds(31), T.plusSeconds(7200))));
        // Within the 30 s skew on either side.
        verifier().verify(receipt(2, sth(ear(earClaims("affirming", runtimeKey.publicJwk(), T.minusSeconds(3600),
                T.minusSeconds(29))))), LOG_ID);
        verifier().verify(receipt(2, sth(ear(earClaims("affirming", runtimeKey.publicJwk(), T.plusSeconds(29),
                T.plusSeconds(3600))))), LOG_ID);
        // The time that matters is the head's, not the wall clock: T lies years in the past or future alike.
        SignedTreeHead later = sth(9, T.plusSeconds(3599), runtimeKey, runtimeKey.kid(), goodEar());
        verifier().verify(receipt(3, later), LOG_ID);
        SignedTreeHead tooLate = sth(9, T.plusSeconds(3631), runtimeKey, runtimeKey.kid(), goodEar());
        assertRejected(Reason.EAR_INVALID, receipt(3, tooLate));
    }

    @Test
    void onlyAffirmingEarsAreAcceptedUnlessWarningIsAllowed() throws Exception {
        String contraindicated = ear(earClaims("contraindicated", runtimeKey.publicJwk(), T.minusSeconds(60), T.plusSeconds(3600)));
        String warning = ear(earClaims("warning", runtimeKey.publicJwk(), T.minusSeconds(60), T.plusSeconds(3600)));
        String none = ear(earClaims("none", runtimeKey.publicJwk(), T.minusSeconds(60), T.plusSeconds(3600)));
        assertRejected(Reason.EAR_NOT_AFFIRMING, receipt(1, sth(contraindicated)));
        assertRejected(Reason.EAR_NOT_AFFIRMING, receipt(1, sth(warning)));
        assertRejected(Reason.EAR_NOT_AFFIRMING, receipt(1, sth(none)));
        AttestedReceiptVerifier lenient = AttestedReceiptVerifier.forJwks(jwks, null, true);
        assertEquals("warning", lenient.verify(receipt(1, sth(warning)), LOG_ID).status());
        ReceiptException e = assertThrows(ReceiptException.class, () -> lenient.verify(receipt(1, sth(contraindicated)), LOG_ID));
        assertEquals(Reason.EAR_NOT_AFFIRMING, e.reason());

        // A flat status that contradicts the submodule's appraisal.
        Map<String, Object> split = earClaims("contraindicated", runtimeKey.publicJwk(), T.minusSeconds(60), T.plusSeconds(3600));
        split.put("ccl.status", "affirming");
        assertRejected(Reason.EAR_INVALID, receipt(1, sth(ear(split))));
        assertRejected(Reason.EAR_INVALID, receipt(1, sth(ear(claimsWithout("ccl.status")))));
        assertRejected(Reason.EAR_INVALID, receipt(1, sth(ear(claimsWithout("submods")))));
    }

    @Test
    void expectedIssuerIsEnforced() throws Exception {
        Receipt r = receipt(5, sth(goodEar()));
        AttestedReceiptVerifier.verify(r, jwks, ISSUER, LOG_ID);
        ReceiptException e = assertThrows(ReceiptException.class,
                () -> AttestedReceiptVerifier.verify(r, jwks, "https://other.example", LOG_ID));
        assertEquals(Reason.EAR_INVALID, e.reason());
        assertEquals(CryptoException.Reason.WRONG_ISSUER, assertInstanceOf(CryptoException.class, e.getCause()).reason());
    }

    @Test
    void signingKeyMustBeTheOneInTheRuntimeData() throws Exception {
        SigningKey attacker = SigningKey.generate();
        String earForRuntimeKey = goodEar();
        // The attacker signs with its own key and names it: the EAR vouches for another key.
        assertRejected(Reason.KEY_NOT_BOUND, receipt(4, sth(9, T, attacker, attacker.kid(), earForRuntimeKey)));
        // The attacker names the attested key but cannot sign with it.
        assertRejected(Reason.BAD_SIGNATURE, receipt(4, sth(9, T, attacker, runtimeKey.kid(), earForRuntimeKey)));
        // An EAR without the signing key, or with something else in its place.
        assertRejected(Reason.KEY_NOT_BOUND, receipt(4, sth(ear(earClaims("affirming", null, T.minusSeconds(60),
                T.plusSeconds(3600))))));
        Map<String, Object> noRuntimeData = claimsWithout("ccl.runtime-data");
        assertRejected(Reason.KEY_NOT_BOUND, receipt(4, sth(ear(noRuntimeData))));
        Map<String, Object> stringKey = earClaims("affirming", runtimeKey.publicJwk(), T.minusSeconds(60), T.plusSeconds(3600));
        @SuppressWarnings("unchecked")
        Map<String, Object> rd = (Map<String, Object>) stringKey.get("ccl.runtime-data");
        rd.put("ccl-signing-key", runtimeKey.kid());
        assertRejected(Reason.KEY_NOT_BOUND, receipt(4, sth(ear(stringKey))));
        // A private JWK in runtime-data is refused, never used.
        Map<String, Object> privateJwk = new LinkedHashMap<>(ECKey.parse(runtimeKey.toPrivateJwkInsecure()).toJSONObject());
        assertRejected(Reason.KEY_NOT_BOUND, receipt(4, sth(ear(earClaims("affirming", privateJwk, T.minusSeconds(60),
                T.plusSeconds(3600))))));
    }

    @Test
    void boundKeyMustBeP256() throws Exception {
        ECKey p384 = new ECKeyGenerator(Curve.P_384).keyIDFromThumbprint(true).generate();
        String ear = ear(earClaims("affirming", p384.toPublicJWK().toJSONObject(), T.minusSeconds(60), T.plusSeconds(3600)));
        assertRejected(Reason.UNSUPPORTED_KEY, receipt(4, sth(9, T, runtimeKey, p384.getKeyID(), ear)));
        Map<String, Object> rsa = Map.of("kty", "RSA", "n", "sXch", "e", "AQAB");
        assertRejected(Reason.UNSUPPORTED_KEY, receipt(4, sth(ear(earClaims("affirming", rsa, T.minusSeconds(60), T.plusSeconds(3600))))));
        Map<String, Object> es384 = new LinkedHashMap<>(runtimeKey.publicJwk());
        es384.put("alg", "ES384");
        assertRejected(Reason.UNSUPPORTED_KEY, receipt(4, sth(ear(earClaims("affirming", es384, T.minusSeconds(60), T.plusSeconds(3600))))));
        // A point off the curve.
        Map<String, Object> offCurve = new LinkedHashMap<>(runtimeKey.publicJwk());
        offCurve.put("y", offCurve.get("x"));
        assertRejected(Reason.UNSUPPORTED_KEY, receipt(4, sth(ear(earClaims("affirming", offCurve, T.minusSeconds(60), T.plusSeconds(3600))))));
    }

    @Test
    void modifiedEntryProofOrTreeHeadIsRejected() throws Exception {
        Receipt r = receipt(6, sth(goodEar()));
        LogEntry e = r.entry();
        assertRejected(Reason.NOT_INCLUDED, new Receipt(new LogEntry(6, e.time(), e.type(),
                "{\"action\":\"key.release\",\"n\":7}".getBytes(StandardCharsets.UTF_8)), r.inclusionProof(), r.treeHead()));
        assertRejected(Reason.NOT_INCLUDED, new Receipt(new LogEntry(6, e.time().plusMillis(1), e.type(), e.content()),
                r.inclusionProof(), r.treeHead()));
        List<byte[]> path = r.inclusionProof().path();
        assertRejected(Reason.NOT_INCLUDED, new Receipt(e, new InclusionProof(6, 9, MerkleVerifierTest.flipped(path, 0, 3)),
                r.treeHead()));
        assertRejected(Reason.MISMATCH, new Receipt(e, new InclusionProof(5, 9, path), r.treeHead()));

        TreeHead h = r.treeHead().treeHead();
        TreeHeadSignature s = r.treeHead().signature();
        Consumer<TreeHead> changedHead = head -> assertRejected(Reason.BAD_SIGNATURE,
                new Receipt(e, r.inclusionProof(), new SignedTreeHead(head, s)));
        changedHead.accept(new TreeHead(LOG_ID, 9, tree.mth(0, 8), h.timestamp()));
        changedHead.accept(new TreeHead(LOG_ID, 9, h.rootHash(), h.timestamp().plusMillis(1)));
        byte[] sig = s.signature();
        sig[10] ^= 1;
        assertRejected(Reason.BAD_SIGNATURE, new Receipt(e, r.inclusionProof(),
                new SignedTreeHead(h, new TreeHeadSignature(s.keyId(), sig, s.ear()))));
        // The EAR of another (also attested) runtime swapped in: it vouches for another key.
        SigningKey otherRuntime = SigningKey.generate();
        String otherEar = ear(earClaims("affirming", otherRuntime.publicJwk(), T.minusSeconds(60), T.plusSeconds(3600)));
        assertRejected(Reason.KEY_NOT_BOUND, new Receipt(e, r.inclusionProof(),
                new SignedTreeHead(h, new TreeHeadSignature(s.keyId(), s.signature(), otherEar))));
        // Same checks for a bare head.
        ReceiptException x = assertThrows(ReceiptException.class, () -> verifier().verifyTreeHead(
                new SignedTreeHead(new TreeHead(LOG_ID, 8, h.rootHash(), h.timestamp()), s), LOG_ID));
        assertEquals(Reason.BAD_SIGNATURE, x.reason());
    }

    @Test
    void wrongLogIsRejected() throws Exception {
        Receipt r = receipt(0, sth(goodEar()));
        ReceiptException e = assertThrows(ReceiptException.class, () -> verifier().verify(r, "cd".repeat(32)));
        assertEquals(Reason.WRONG_LOG, e.reason());
        e = assertThrows(ReceiptException.class, () -> verifier().verifyTreeHead(r.treeHead(), "cd".repeat(32)));
        assertEquals(Reason.WRONG_LOG, e.reason());
    }

    @Test
    void trustedKeySetMustBeAJwksWithKeys() {
        for (Map<String, Object> bad : List.of(Map.<String, Object>of(), Map.<String, Object>of("keys", List.of()),
                Map.<String, Object>of("keys", "x"), Map.<String, Object>of("keys", List.of(Map.of("kty", "nope"))))) {
            ReceiptException e = assertThrows(ReceiptException.class, () -> AttestedReceiptVerifier.forJwks(bad, null, false));
            assertEquals(Reason.MALFORMED, e.reason());
        }
        assertEquals(Reason.MALFORMED, assertThrows(ReceiptException.class,
                () -> AttestedReceiptVerifier.forJwks(null, null, false)).reason());
    }

    @Test
    void attestedKeyIsImmutable() throws Exception {
        AttestedKey key = verifier().verify(receipt(0, sth(goodEar())), null);
        assertThrows(UnsupportedOperationException.class, () -> key.jwk().put("x", "y"));
        assertNull(key.jwk().get("d"));
    }

    private Map<String, Object> claimsWithout(String claim) {
        Map<String, Object> c = earClaims("affirming", runtimeKey.publicJwk(), T.minusSeconds(60), T.plusSeconds(3600));
        c.remove(claim);
        return c;
    }

    private void assertEar(CryptoException.Reason cause, String ear) {
        ReceiptException e = assertThrows(ReceiptException.class, () -> verifier().verify(receipt(1, sth(ear)), LOG_ID));
        assertEquals(Reason.EAR_INVALID, e.reason(), e.getMessage());
        assertEquals(cause, assertInstanceOf(CryptoException.class, e.getCause()).reason(), e.getMessage());
    }

    private void assertRejected(Reason reason, Receipt r) {
        ReceiptException e = assertThrows(ReceiptException.class, () -> verifier().verify(r, LOG_ID));
        assertEquals(reason, e.reason(), e.getMessage());
    }
}
