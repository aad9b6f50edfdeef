package io.ccl.receipts.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link MerkleVerifier} against published known answers (transparency-dev/merkle, see
 * testdata/README.md) and against proofs made by {@link RfcReference} on randomised trees, with
 * every kind of tampering rejected.
 */
class MerkleVerifierTest {
    private static final HexFormat HEX = HexFormat.of();
    private static JsonNode vectors;
    private static List<byte[]> vectorLeaves;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = MerkleVerifierTest.class.getResourceAsStream("testdata/rfc6962-known-answers.json")) {
            vectors = new ObjectMapper().readTree(in);
        }
        vectorLeaves = new ArrayList<>();
        vectors.get("leaves").forEach(l -> vectorLeaves.add(HEX.parseHex(l.asText())));
    }

    @Test
    void hashesMatchKnownAnswers() {
        JsonNode h = vectors.get("hashes");
        assertArrayEquals(hex(h, "empty_tree"), MerkleVerifier.emptyRoot());
        assertArrayEquals(hex(h, "leaf_of_empty"), MerkleVerifier.leafHash(new byte[0]));
        assertArrayEquals(hex(h, "leaf_of_L123456"), MerkleVerifier.leafHash("L123456".getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals(hex(h, "node_of_N123_N456"),
                MerkleVerifier.nodeHash("N123".getBytes(StandardCharsets.US_ASCII), "N456".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void referenceRootsMatchKnownAnswers() {
        RfcReference ref = new RfcReference(vectorLeaves);
        for (int n = 1; n <= 8; n++) {
            assertArrayEquals(HEX.parseHex(vectors.get("roots").get(n - 1).asText()), ref.mth(0, n), "root of size " + n);
        }
        assertArrayEquals(MerkleVerifier.emptyRoot(), ref.mth(0, 0));
    }

    @Test
    void knownInclusionProofsVerifyAndResistTampering() {
        RfcReference ref = new RfcReference(vectorLeaves);
        for (JsonNode v : vectors.get("inclusion")) {
            long index = v.get("leaf_index").asLong();
            long size = v.get("tree_size").asLong();
            List<byte[]> path = hashes(v.get("path"));
            byte[] root = HEX.parseHex(vectors.get("roots").get((int) size - 1).asText());
            byte[] leaf = MerkleVerifier.leafHash(vectorLeaves.get((int) index));
            assertTrue(MerkleVerifier.verifyInclusion(leaf, index, size, path, root), "vector " + v);
            assertEquals(path, ref.path((int) index, (int) size));
            assertInclusionTamperRejected(leaf, index, size, path, root);
        }
    }

    @Test
    void knownConsistencyProofsVerifyAndResistTampering() {
        RfcReference ref = new RfcReference(vectorLeaves);
        for (JsonNode v : vectors.get("consistency")) {
            long m = v.get("first_size").asLong();
            long n = v.get("second_size").asLong();
            List<byte[]> path = hashes(v.get("path"));
            byte[] root1 = HEX.parseHex(vectors.get("roots").get((int) m - 1).asText());
            byte[] root2 = HEX.parseHex(vectors.get("roots").get((int) n - 1).asText());
            assertTrue(MerkleVerifier.verifyConsistency(m, n, root1, root2, path), "vector " + v);
            if (m < n) {
                assertEquals(path, ref.proof((int) m, (int) n));
                assertConsistencyTamperRejected(m, n, root1, root2, path);
            }
        }
    }

    @Test
    void referenceInclusionProofsVerifyForEveryLeafOfSmallTrees() {
        RfcReference ref = new RfcReference(randomLeaves(128, new Random(1)));
        for (int n = 1; n <= 128; n++) {
            byte[] root = ref.mth(0, n);
            for (int m = 0; m < n; m++) {
                assertTrue(MerkleVerifier.verifyInclusion(ref.mth(m, m + 1), m, n, ref.path(m, n), root), m + " in " + n);
            }
        }
    }

    @Test
    void referenceProofsVerifyOnLargerRandomTreesAndResistTampering() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        RfcReference ref = new RfcReference(randomLeaves(1000, random));
        for (int round = 0; round < 12; round++) {
            int n = 129 + random.nextInt(872);
            byte[] root = ref.mth(0, n);
            for (int i = 0; i < 8; i++) {
                int m = random.nextInt(n);
                List<byte[]> path = ref.path(m, n);
                byte[] leaf = ref.mth(m, m + 1);
                assertTrue(MerkleVerifier.verifyInclusion(leaf, m, n, path, root), m + " in " + n + " seed " + seed);
                assertInclusionTamperRejected(leaf, m, n, path, root);
                int first = 1 + random.nextInt(n - 1);
                List<byte[]> proof = ref.proof(first, n);
                byte[] root1 = ref.mth(0, first);
                assertTrue(MerkleVerifier.verifyConsistency(first, n, root1, root, proof), first + " -> " + n + " seed " + seed);
                assertConsistencyTamperRejected(first, n, root1, root, proof);
            }
        }
    }

    @Test
    void referenceConsistencyProofsVerifyForEveryPairOfSmallSizes() {
        RfcReference ref = new RfcReference(randomLeaves(64, new Random(2)));
        for (int n = 2; n <= 64; n++) {
            for (int m = 1; m < n; m++) {
                assertTrue(MerkleVerifier.verifyConsistency(m, n, ref.mth(0, m), ref.mth(0, n), ref.proof(m, n)), m + " -> " + n);
            }
        }
    }

    @Test
    void trivialConsistencyCasesNeedAnEmptyProof() {
        byte[] empty = MerkleVerifier.emptyRoot();
        byte[] some = MerkleVerifier.leafHash(new byte[] {1});
        byte[] other = MerkleVerifier.leafHash(new byte[] {2});
        assertTrue(MerkleVerifier.verifyConsistency(0, 0, empty, empty, List.of()));
        assertTrue(MerkleVerifier.verifyConsistency(0, 5, empty, some, List.of()));
        assertTrue(MerkleVerifier.verifyConsistency(3, 3, some, some, List.of()));
        assertFalse(MerkleVerifier.verifyConsistency(3, 3, some, other, List.of()), "same size, different roots");
        assertFalse(MerkleVerifier.verifyConsistency(0, 5, some, some, List.of()), "size 0 with a non-empty root");
        assertFalse(MerkleVerifier.verifyConsistency(3, 3, some, some, List.of(some)), "needless proof");
        assertFalse(MerkleVerifier.verifyConsistency(0, 5, empty, some, List.of(empty)), "needless proof");
        assertFalse(MerkleVerifier.verifyConsistency(4, 3, some, other, List.of(some)), "shrinking tree");
        assertFalse(MerkleVerifier.verifyConsistency(1, 2, some, other, List.of()), "empty proof");
    }

    @Test
    void malformedInputsAreRejectedNotThrown() {
        byte[] h = MerkleVerifier.leafHash(new byte[0]);
        assertFalse(MerkleVerifier.verifyInclusion(h, 0, 1, List.of(), new byte[31]));
        assertFalse(MerkleVerifier.verifyInclusion(new byte[33], 0, 1, List.of(), h));
        assertFalse(MerkleVerifier.verifyInclusion(null, 0, 1, List.of(), h));
        assertFalse(MerkleVerifier.verifyInclusion(h, 0, 1, null, h));
        assertFalse(MerkleVerifier.verifyInclusion(h, -1, 1, List.of(), h));
        assertFalse(MerkleVerifier.verifyInclusion(h, 0, 0, List.of(), h));
        assertFalse(MerkleVerifier.verifyInclusion(h, 1, 1, List.of(), h));
        assertTrue(MerkleVerifier.verifyInclusion(h, 0, 1, List.of(), h), "single leaf: root = leaf hash, empty path");
        List<byte[]> withNull = new ArrayList<>();
        withNull.add(null);
        assertFalse(MerkleVerifier.verifyInclusion(h, 0, 2, withNull, h));
        assertFalse(MerkleVerifier.verifyInclusion(h, 0, 2, List.of(new byte[0]), h));
        assertFalse(MerkleVerifier.verifyConsistency(1, 2, h, h, withNull));
        assertFalse(MerkleVerifier.verifyConsistency(-1, 2, h, h, List.of(h)));
        assertFalse(MerkleVerifier.verifyInclusion(h, Long.MAX_VALUE - 1, Long.MAX_VALUE, List.of(h, h), h));
    }

    /** The probes of transparency-dev's verifier tests, plus a bit flip in every byte of every element. */
    static void assertInclusionTamperRejected(byte[] leaf, long index, long size, List<byte[]> path, byte[] root) {
        byte[] wrong = MerkleVerifier.leafHash("wrong".getBytes(StandardCharsets.US_ASCII));
        assertFalse(MerkleVerifier.verifyInclusion(leaf, index - 1, size, path, root), "index - 1");
        assertFalse(MerkleVerifier.verifyInclusion(leaf, index + 1, size, path, root), "index + 1");
        assertFalse(MerkleVerifier.verifyInclusion(leaf, index ^ 2, size, path, root), "index ^ 2");
        assertFalse(MerkleVerifier.verifyInclusion(leaf, index, size * 2, path, root), "size * 2");
        assertFalse(MerkleVerifier.verifyInclusion(leaf, index, size / 2, path, root), "size / 2");
        assertFalse(MerkleVerifier.verifyInclusion(wrong, index, size, path, root), "wrong leaf");
        assertFalse(MerkleVerifier.verifyInclusion(leaf, index, size, path, MerkleVerifier.emptyRoot()), "empty root");
        assertFalse(MerkleVerifier.verifyInclusion(leaf, index, size, path, wrong), "wrong root");
        assertFalse(MerkleVerifier.verifyInclusion(leaf, index, size, with(path, path.size(), root), root), "trailing root");
        assertFalse(MerkleVerifier.verifyInclusion(leaf, index, size, with(path, 0, root), root), "preceding root");
        if (!path.isEmpty()) {
            assertFalse(MerkleVerifier.verifyInclusion(leaf, index, size, path.subList(0, path.size() - 1), root), "truncated");
            assertFalse(MerkleVerifier.verifyInclusion(leaf, index, size, with(path, 1, wrong), root), "inserted");
        }
        for (int i = 0; i < path.size(); i++) {
            for (int b = 0; b < MerkleVerifier.HASH_SIZE; b++) {
                assertFalse(MerkleVerifier.verifyInclusion(leaf, index, size, flipped(path, i, b), root), "flip " + i + "/" + b);
            }
        }
    }

    static void assertConsistencyTamperRejected(long m, long n, byte[] root1, byte[] root2, List<byte[]> path) {
        byte[] wrong = MerkleVerifier.leafHash("wrong".getBytes(StandardCharsets.US_ASCII));
        assertFalse(MerkleVerifier.verifyConsistency(m - 1, n, root1, root2, path), "size1 - 1");
        assertFalse(MerkleVerifier.verifyConsistency(m + 1, n, root1, root2, path), "size1 + 1");
        assertFalse(MerkleVerifier.verifyConsistency(m ^ 2, n, root1, root2, path), "size1 ^ 2");
        assertFalse(MerkleVerifier.verifyConsistency(m, n * 2, root1, root2, path), "size2 * 2");
        assertFalse(MerkleVerifier.verifyConsistency(m, n / 2, root1, root2, path), "size2 / 2");
        assertFalse(MerkleVerifier.verifyConsistency(m, n, wrong, root2, path), "wrong root1");
        assertFalse(MerkleVerifier.verifyConsistency(m, n, root1, wrong, path), "wrong root2");
        assertFalse(MerkleVerifier.verifyConsistency(m, n, root2, root1, path), "swapped roots");
        assertFalse(MerkleVerifier.verifyConsistency(m, n, root1, root2, List.of()), "empty proof");
        assertFalse(MerkleVerifier.verifyConsistency(m, n, root1, root2, with(path, path.size(), root1)), "trailing root1");
        assertFalse(MerkleVerifier.verifyConsistency(m, n, root1, root2, with(path, path.size(), root2)), "trailing root2");
        assertFalse(MerkleVerifier.verifyConsistency(m, n, root1, root2, with(path, 0, root1)), "preceding root1");
        assertFalse(MerkleVerifier.verifyConsistency(m, n, root1, root2, with(path, 0, root2)), "preceding root2");
        assertFalse(MerkleVerifier.verifyConsistency(m, n, root1, root2, with(path, 0, path.get(0))), "preceding proof[0]");
        assertFalse(MerkleVerifier.verifyConsistency(m, n, root1, root2, path.subList(0, path.size() - 1)), "truncated");
        for (int i = 0; i < path.size(); i++) {
            for (int b = 0; b < MerkleVerifier.HASH_SIZE; b += 7) {
                assertFalse(MerkleVerifier.verifyConsistency(m, n, root1, root2, flipped(path, i, b)), "flip " + i + "/" + b);
            }
        }
    }

    static List<byte[]> with(List<byte[]> path, int at, byte[] extra) {
        List<byte[]> out = new ArrayList<>(path);
        out.add(at, extra);
        return out;
    }

    static List<byte[]> flipped(List<byte[]> path, int element, int bit) {
        List<byte[]> out = new ArrayList<>(path);
        byte[] h = out.get(element).clone();
        h[bit % h.length] ^= (byte) (1 << (bit % 8));
        out.set(element, h);
        return out;
    }

    static List<byte[]> randomLeaves(int n, Random random) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // Distinct leaves: with two equal neighbours, "index - 1" would rightly verify too.
            byte[] d = new byte[4 + random.nextInt(40)];
            random.nextBytes(d);
            java.nio.ByteBuffer.wrap(d).putInt(i);
            leaves.add(d);
        }
        return leaves;
    }

    private static void assertEquals(List<byte[]> expected, List<byte[]> actual) {
        org.junit.jupiter.api.Assertions.assertEquals(expected.size(), actual.size(), "proof length");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "proof element " + i);
        }
    }

    private static List<byte[]> hashes(JsonNode array) {
        List<byte[]> out = new ArrayList<>();
        array.forEach(h -> out.add(HEX.parseHex(h.asText())));
        return out;
    }

    private static byte[] hex(JsonNode node, String name) {
        return HEX.parseHex(node.get(name).asText());
    }
}
