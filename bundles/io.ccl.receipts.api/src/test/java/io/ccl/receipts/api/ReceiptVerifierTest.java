package io.ccl.receipts.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.jwk.ECKey;
import io.ccl.crypto.SigningKey;
import io.ccl.receipts.api.ReceiptException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Receipts built on the reference tree, signed with a real ES256 key; every field change is caught. */
class ReceiptVerifierTest {
    static final String LOG_ID = "ab".repeat(32);
    static final Instant T = Instant.ofEpochMilli(1_763_683_200_000L);

    private SigningKey key;
    private PublicKey publicKey;
    private List<LogEntry> entries;
    private RfcReference tree;

    @BeforeEach
    void setUp() throws Exception {
        key = SigningKey.generate();
        publicKey = ECKey.parse(key.publicJwk()).toECPublicKey();
        entries = new ArrayList<>();
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            LogEntry e = LogEntry.of(i, T.plusMillis(i), NewEntry.of("audit", Map.of("action", "job.run", "n", i)));
            entries.add(e);
            leaves.add(e.leafData());
        }
        tree = new RfcReference(leaves);
    }

    SignedTreeHead sign(TreeHead head) {
        return new SignedTreeHead(head, new TreeHeadSignature(key.kid(), key.sign(head.signedMessage(key.kid())), "e.a.r"));
    }

    Receipt receipt(int index, int size) {
        TreeHead head = new TreeHead(LOG_ID, size, tree.mth(0, size), T.plusSeconds(1));
        return new Receipt(entries.get(index), new InclusionProof(index, size, tree.path(index, size)), sign(head));
    }

    @Test
    void everyEntryOfEveryTreeSizeVerifies() throws Exception {
        for (int size = 1; size <= 13; size++) {
            for (int index = 0; index < size; index++) {
                ReceiptVerifier.verify(receipt(index, size), publicKey, LOG_ID);
                ReceiptVerifier.verify(receipt(index, size), publicKey, null);
            }
        }
    }

    @Test
    void signedMessageIsTheDocumentedCanonicalJson() {
        TreeHead head = new TreeHead(LOG_ID, 13, tree.mth(0, 13), T);
        String expected = "{\"format\":\"ccl-sth-v1\",\"key_id\":\"kid-1\",\"log_id\":\"" + LOG_ID + "\",\"root_hash\":\""
                + head.rootHashHex() + "\",\"timestamp\":1763683200000,\"tree_size\":13}";
        assertEquals(expected, new String(head.signedMessage("kid-1"), StandardCharsets.UTF_8));
    }

    @Test
    void changedEntryIsNotIncluded() {
        Receipt r = receipt(5, 13);
        LogEntry e = r.entry();
        for (LogEntry changed : List.of(
                new LogEntry(5, e.time().plusMillis(1), e.type(), e.content()),
                new LogEntry(5, e.time(), "audit.x", e.content()),
                new LogEntry(5, e.time(), e.type(), "{\"action\":\"job.run\",\"n\":6}".getBytes(StandardCharsets.UTF_8)),
                at(entries.get(6), 5))) {
            assertRejected(Reason.NOT_INCLUDED, new Receipt(changed, r.inclusionProof(), r.treeHead()));
        }
    }

    @Test
    void changedIndexOrSizeIsCaught() {
        Receipt r = receipt(5, 13);
        LogEntry e = r.entry();
        assertRejected(Reason.MISMATCH, new Receipt(at(e, 4), r.inclusionProof(), r.treeHead()));
        assertRejected(Reason.MISMATCH, new Receipt(e, new InclusionProof(4, 13, r.inclusionProof().path()), r.treeHead()));
        assertRejected(Reason.MISMATCH, new Receipt(e, new InclusionProof(5, 12, r.inclusionProof().path()), r.treeHead()));
        // Entry and proof moved together to another index: the path no longer leads to the root.
        assertRejected(Reason.NOT_INCLUDED, new Receipt(at(e, 4), new InclusionProof(4, 13, r.inclusionProof().path()),
                r.treeHead()));
        assertRejected(Reason.NOT_INCLUDED, new Receipt(at(e, 6), new InclusionProof(6, 13, r.inclusionProof().path()),
                r.treeHead()));
    }

    @Test
    void changedProofElementIsCaught() {
        Receipt r = receipt(5, 13);
        List<byte[]> path = r.inclusionProof().path();
        for (int i = 0; i < path.size(); i++) {
            for (int bit = 0; bit < 256; bit += 17) {
                InclusionProof p = new InclusionProof(5, 13, MerkleVerifierTest.flipped(path, i, bit));
                assertRejected(Reason.NOT_INCLUDED, new Receipt(r.entry(), p, r.treeHead()));
            }
        }
        assertRejected(Reason.NOT_INCLUDED, new Receipt(r.entry(), new InclusionProof(5, 13, path.subList(1, path.size())),
                r.treeHead()));
    }

    @Test
    void changedTreeHeadFieldOrSignatureIsCaught() {
        Receipt r = receipt(5, 13);
        TreeHead h = r.treeHead().treeHead();
        TreeHeadSignature s = r.treeHead().signature();
        byte[] otherRoot = tree.mth(0, 12);
        assertRejected(Reason.BAD_SIGNATURE, withHead(r, new TreeHead(h.logId(), h.treeSize(), otherRoot, h.timestamp()), s));
        assertRejected(Reason.BAD_SIGNATURE, withHead(r, new TreeHead(h.logId(), h.treeSize(), h.rootHash(),
                h.timestamp().plusMillis(1)), s));
        assertRejected(Reason.WRONG_LOG, withHead(r, new TreeHead("cd".repeat(32), h.treeSize(), h.rootHash(), h.timestamp()), s));
        assertRejected(Reason.BAD_SIGNATURE, null, withHead(r, new TreeHead("cd".repeat(32), h.treeSize(), h.rootHash(),
                h.timestamp()), s));
        // A bigger signed size with the proof adjusted along: the signature no longer covers it.
        Receipt bigger = new Receipt(r.entry(), new InclusionProof(5, 14, r.inclusionProof().path()),
                new SignedTreeHead(new TreeHead(h.logId(), 14, h.rootHash(), h.timestamp()), s));
        assertRejected(Reason.BAD_SIGNATURE, bigger);
        assertRejected(Reason.BAD_SIGNATURE, withHead(r, h, new TreeHeadSignature("another-kid", s.signature(), s.ear())));
        byte[] sig = s.signature();
        for (int i = 0; i < sig.length; i += 5) {
            byte[] bad = sig.clone();
            bad[i] ^= 0x40;
            assertRejected(Reason.BAD_SIGNATURE, withHead(r, h, new TreeHeadSignature(s.keyId(), bad, s.ear())));
        }
    }

    @Test
    void otherKeysAndCurvesAreRefused() throws Exception {
        Receipt r = receipt(2, 13);
        PublicKey other = ECKey.parse(SigningKey.generate().publicJwk()).toECPublicKey();
        assertRejected(Reason.BAD_SIGNATURE, LOG_ID, other, r);
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        assertRejected(Reason.UNSUPPORTED_KEY, LOG_ID, p384.generateKeyPair().getPublic(), r);
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        assertRejected(Reason.UNSUPPORTED_KEY, LOG_ID, rsa.generateKeyPair().getPublic(), r);
    }

    @Test
    void consistencyBetweenTreeHeads() throws Exception {
        for (int m = 1; m <= 13; m++) {
            for (int n = m; n <= 13; n++) {
                TreeHead older = new TreeHead(LOG_ID, m, tree.mth(0, m), T);
                TreeHead newer = new TreeHead(LOG_ID, n, tree.mth(0, n), T.plusSeconds(1));
                ConsistencyProof proof = new ConsistencyProof(m, n, m == n ? List.of() : tree.proof(m, n));
                ReceiptVerifier.verifyConsistency(older, newer, proof);
                if (m < n) {
                    TreeHead forked = new TreeHead(LOG_ID, n, tree.mth(1, n + 0), T);
                    ReceiptException e = assertThrows(ReceiptException.class,
                            () -> ReceiptVerifier.verifyConsistency(older, forked, proof));
                    assertEquals(Reason.INCONSISTENT, e.reason());
                }
            }
        }
        TreeHead a = new TreeHead(LOG_ID, 3, tree.mth(0, 3), T);
        TreeHead b = new TreeHead("cd".repeat(32), 5, tree.mth(0, 5), T);
        assertEquals(Reason.WRONG_LOG, assertThrows(ReceiptException.class,
                () -> ReceiptVerifier.verifyConsistency(a, b, new ConsistencyProof(3, 5, tree.proof(3, 5)))).reason());
        TreeHead c = new TreeHead(LOG_ID, 5, tree.mth(0, 5), T);
        assertEquals(Reason.MISMATCH, assertThrows(ReceiptException.class,
                () -> ReceiptVerifier.verifyConsistency(a, c, new ConsistencyProof(2, 5, tree.proof(2, 5)))).reason());
    }

    @Test
    void hexOfRootIsLowercase() {
        TreeHead h = new TreeHead(LOG_ID, 1, tree.mth(0, 1), T);
        assertEquals(HexFormat.of().formatHex(tree.mth(0, 1)), h.rootHashHex());
        assertThrows(IllegalArgumentException.class, () -> new TreeHead(LOG_ID.toUpperCase(), 1, tree.mth(0, 1), T));
        assertThrows(IllegalArgumentException.class, () -> new TreeHead(LOG_ID, 1, new byte[31], T));
        assertThrows(IllegalArgumentException.class, () -> new TreeHead(LOG_ID, 1, tree.mth(0, 1), Instant.ofEpochSecond(1, 1)));
    }

    private static LogEntry at(LogEntry e, long index) {
        return new LogEntry(index, e.time(), e.type(), e.content());
    }

    private static Receipt withHead(Receipt r, TreeHead head, TreeHeadSignature s) {
        return new Receipt(r.entry(), r.inclusionProof(), new SignedTreeHead(head, s));
    }

    private void assertRejected(Reason reason, Receipt r) {
        assertRejected(reason, LOG_ID, publicKey, r);
    }

    private void assertRejected(Reason reason, String logId, Receipt r) {
        assertRejected(reason, logId, publicKey, r);
    }

    private static void assertRejected(Reason reason, String logId, PublicKey key, Receipt r) {
        ReceiptException e = assertThrows(ReceiptException.class, () -> ReceiptVerifier.verify(r, key, logId));
        assertEquals(reason, e.reason(), e.getMessage());
    }
}
