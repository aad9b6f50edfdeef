package io.ccl.receipts.log.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.receipts.api.MerkleVerifier;
import io.ccl.receipts.log.RfcReference;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cached tree against the naive RFC 9162 reference: roots, inclusion proofs and consistency
 * proofs must be byte-for-byte those of the RFC's recursive definitions, and must verify.
 */
class MerkleTreeTest {
    private static final int N = 1000;
    private static final long SEED = System.nanoTime();
    private static List<byte[]> leafData;
    private static RfcReference ref;
    private static MerkleTree tree;

    @BeforeAll
    static void build() {
        Random random = new Random(SEED);
        leafData = new ArrayList<>();
        tree = new MerkleTree();
        for (int i = 0; i < N; i++) {
            byte[] d = new byte[4 + random.nextInt(60)];
            random.nextBytes(d);
            java.nio.ByteBuffer.wrap(d).putInt(i); // distinct leaves
            leafData.add(d);
            // Appends in batches of random size, as the group committer does.
            if (random.nextInt(4) == 0 || i == N - 1) {
                int from = (int) tree.size();
                List<byte[]> hashes = new ArrayList<>();
                for (int j = from; j <= i; j++) {
                    hashes.add(MerkleVerifier.leafHash(leafData.get(j)));
                }
                tree.append(hashes);
            }
        }
        ref = new RfcReference(leafData);
    }

    @Test
    void rootsOfEverySizeMatchTheReference() {
        assertArrayEquals(MerkleVerifier.emptyRoot(), tree.root(0));
        for (int n = 1; n <= N; n++) {
            assertArrayEquals(ref.mth(0, n), tree.root(n), "root of size " + n + " seed " + SEED);
        }
    }

    @Test
    void everyInclusionProofOfSmallTreesMatchesAndVerifies() {
        for (int n = 1; n <= 100; n++) {
            byte[] root = ref.mth(0, n);
            for (int m = 0; m < n; m++) {
                List<byte[]> proof = tree.inclusionProof(m, n);
                assertSame(ref.path(m, n), proof, m + " in " + n);
                assertTrue(MerkleVerifier.verifyInclusion(tree.leafHash(m), m, n, proof, root), m + " in " + n);
            }
        }
    }

    @Test
    void inclusionProofsOfLargerTreesMatchAndVerify() {
        Random random = new Random(SEED + 1);
        List<Integer> sizes = new ArrayList<>(List.of(N, 512, 513, 767));
        for (int i = 0; i < 6; i++) {
            sizes.add(101 + random.nextInt(N - 100));
        }
        for (int n : sizes) {
            byte[] root = ref.mth(0, n);
            for (int m = 0; m < n; m += n == N ? 1 : 1 + random.nextInt(9)) {
                List<byte[]> proof = tree.inclusionProof(m, n);
                assertSame(ref.path(m, n), proof, m + " in " + n + " seed " + SEED);
                assertTrue(MerkleVerifier.verifyInclusion(tree.leafHash(m), m, n, proof, root));
            }
        }
    }

    @Test
    void consistencyProofsMatchAndVerify() {
        for (int n = 1; n <= 64; n++) {
            for (int m = 0; m <= n; m++) {
                checkConsistency(m, n);
            }
        }
        Random random = new Random(SEED + 2);
        for (int i = 0; i < 400; i++) {
            int n = 1 + random.nextInt(N);
            checkConsistency(random.nextInt(n + 1), n);
        }
        checkConsistency(1, N);
        checkConsistency(N - 1, N);
        checkConsistency(512, N);
    }

    private void checkConsistency(int m, int n) {
        List<byte[]> proof = tree.consistencyProof(m, n);
        if (m > 0 && m < n) {
            assertSame(ref.proof(m, n), proof, m + " -> " + n + " seed " + SEED);
        } else {
            assertEquals(0, proof.size());
        }
        assertTrue(MerkleVerifier.verifyConsistency(m, n, tree.root(m), tree.root(n), proof), m + " -> " + n + " seed " + SEED);
    }

    @Test
    void outOfRangeArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> tree.root(N + 1));
        assertThrows(IllegalArgumentException.class, () -> tree.inclusionProof(5, 5));
        assertThrows(IllegalArgumentException.class, () -> tree.inclusionProof(-1, 5));
        assertThrows(IllegalArgumentException.class, () -> tree.inclusionProof(0, N + 1));
        assertThrows(IllegalArgumentException.class, () -> tree.consistencyProof(6, 5));
        assertThrows(IllegalArgumentException.class, () -> tree.consistencyProof(-1, 5));
    }

    @Test
    void leavesAreFoundByHashFirstIndexWins() {
        for (int i = 0; i < N; i += 7) {
            assertEquals(OptionalLong.of(i), tree.indexOf(MerkleVerifier.leafHash(leafData.get(i))));
        }
        assertEquals(OptionalLong.empty(), tree.indexOf(MerkleVerifier.leafHash(new byte[100])));
        assertEquals(OptionalLong.empty(), tree.indexOf(new byte[3]));
        MerkleTree dup = new MerkleTree();
        byte[] a = MerkleVerifier.leafHash(new byte[] {1});
        byte[] b = MerkleVerifier.leafHash(new byte[] {2});
        dup.append(List.of(a, b, a, b, a));
        assertEquals(OptionalLong.of(0), dup.indexOf(a));
        assertEquals(OptionalLong.of(1), dup.indexOf(b));
    }

    @Test
    void leafIndexSurvivesGrowth() {
        MerkleTree big = new MerkleTree();
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < 70_000; i++) {
            hashes.add(MerkleVerifier.leafHash(Integer.toString(i).getBytes()));
        }
        big.append(hashes);
        for (int i = 0; i < hashes.size(); i += 997) {
            assertEquals(OptionalLong.of(i), big.indexOf(hashes.get(i)));
        }
        assertTrue(big.memoryBytes() > 64L * 70_000, "about 64 bytes of hashes per entry, plus the index");
    }

    private static void assertSame(List<byte[]> expected, List<byte[]> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": proof length");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), what + ": element " + i);
        }
    }
}
