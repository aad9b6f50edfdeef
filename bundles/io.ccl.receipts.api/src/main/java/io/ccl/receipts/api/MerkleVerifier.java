package io.ccl.receipts.api;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9162 (Certificate Transparency 2.0) Merkle tree hashing and proof verification with SHA-256,
 * as pure functions. Leaf hashes are {@code SHA-256(0x00 || d)}, interior nodes
 * {@code SHA-256(0x01 || left || right)} (RFC 9162 §2.1.1), the empty tree hashes to
 * {@code SHA-256("")}.
 *
 * <p>The two verification methods follow RFC 9162 §2.1.3.2 and §2.1.4.2 step by step. They return
 * false, never throw, for any proof that does not verify, whatever its form (wrong hash lengths,
 * null elements, sizes out of range).
 */
public final class MerkleVerifier {
    /** Length of every hash: SHA-256. */
    public static final int HASH_SIZE = 32;

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private MerkleVerifier() {
    }

    /** The root hash of the empty tree, {@code MTH({}) = SHA-256()} (RFC 9162 §2.1.1). */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /** {@code MTH({d}) = SHA-256(0x00 || d)} (RFC 9162 §2.1.1). */
    public static byte[] leafHash(byte[] leafData) {
        MessageDigest md = sha256();
        md.update(LEAF_PREFIX);
        return md.digest(leafData);
    }

    /** {@code SHA-256(0x01 || left || right)} (RFC 9162 §2.1.1). */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        return nodeHash(sha256(), left, right);
    }

    /**
     * Verifies an inclusion proof (RFC 9162 §2.1.3.2): that {@code leafHash} is the leaf at
     * {@code index} of the tree of {@code treeSize} leaves whose root is {@code root}.
     */
    public static boolean verifyInclusion(byte[] leafHash, long index, long treeSize, List<byte[]> proof, byte[] root) {
        if (!isHash(leafHash) || !isHash(root) || !isPath(proof) || index < 0 || treeSize < 0) {
            return false;
        }
        // 1. If leaf_index is greater than or equal to tree_size, fail.
        if (index >= treeSize) {
            return false;
        }
        // 2. Set fn to leaf_index and sn to tree_size - 1.
        long fn = index;
        long sn = treeSize - 1;
        // 3. Set r to hash.
        byte[] r = leafHash;
        MessageDigest md = sha256();
        // 4. For each value p in the inclusion_path array:
        for (byte[] p : proof) {
            // a. If sn is 0, stop the iteration and fail.
            if (sn == 0) {
                return false;
            }
            // b. If LSB(fn) is set, or if fn is equal to sn:
            if ((fn & 1) == 1 || fn == sn) {
                // i. Set r to HASH(0x01 || p || r).
                r = nodeHash(md, p, r);
                // ii. If LSB(fn) is not set, right-shift fn and sn equally until LSB(fn) is set or fn is 0.
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                // Otherwise: set r to HASH(0x01 || r || p).
                r = nodeHash(md, r, p);
            }
            // c. Right-shift both fn and sn one time.
            fn >>>= 1;
            sn >>>= 1;
        }
        // 5. sn must be 0 and r must equal root_hash.
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /**
     * Verifies a consistency proof (RFC 9162 §2.1.4.2): that the tree of {@code size2} leaves with
     * root {@code root2} extends the tree of {@code size1} leaves with root {@code root1}.
     *
     * <p>RFC 9162 defines proofs for {@code 0 < size1 < size2}. Two cases outside that range need
     * no proof and are accepted with an empty one only: {@code size1 == size2} with equal roots,
     * and {@code size1 == 0} (the empty tree is a prefix of every tree) with {@code root1} the
     * empty-tree hash.
     */
    public static boolean verifyConsistency(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof) {
        if (!isHash(root1) || !isHash(root2) || !isPath(proof) || size1 < 0 || size2 < size1) {
            return false;
        }
        if (size1 == size2) {
            return proof.isEmpty() && MessageDigest.isEqual(root1, root2);
        }
        if (size1 == 0) {
            return proof.isEmpty() && MessageDigest.isEqual(root1, emptyRoot());
        }
        // 1. If consistency_path is an empty array, stop and fail.
        if (proof.isEmpty()) {
            return false;
        }
        // 2. If first is an exact power of 2, prepend first_hash to the consistency_path array.
        List<byte[]> path = proof;
        if (Long.bitCount(size1) == 1) {
            path = new ArrayList<>(proof.size() + 1);
            path.add(root1);
            path.addAll(proof);
        }
        // 3. Set fn to first - 1 and sn to second - 1.
        long fn = size1 - 1;
        long sn = size2 - 1;
        // 4. If LSB(fn) is set, right-shift both fn and sn equally until LSB(fn) is not set.
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        // 5. Set both fr and sr to the first value in the consistency_path array.
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        MessageDigest md = sha256();
        // 6. For each subsequent value c in the consistency_path array:
        for (int i = 1; i < path.size(); i++) {
            byte[] c = path.get(i);
            // a. If sn is 0, stop the iteration and fail.
            if (sn == 0) {
                return false;
            }
            // b. If LSB(fn) is set, or if fn is equal to sn:
            if ((fn & 1) == 1 || fn == sn) {
                // i. Set fr to HASH(0x01 || c || fr). ii. Set sr to HASH(0x01 || c || sr).
                fr = nodeHash(md, c, fr);
                sr = nodeHash(md, c, sr);
                // iii. If LSB(fn) is not set, right-shift fn and sn equally until LSB(fn) is set or fn is 0.
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                // Otherwise: set sr to HASH(0x01 || sr || c).
                sr = nodeHash(md, sr, c);
            }
            // c. Right-shift both fn and sn one time.
            fn >>>= 1;
            sn >>>= 1;
        }
        // 7. fr must equal first_hash, sr must equal second_hash, and sn must be 0.
        return MessageDigest.isEqual(fr, root1) && MessageDigest.isEqual(sr, root2) && sn == 0;
    }

    private static byte[] nodeHash(MessageDigest md, byte[] left, byte[] right) {
        md.reset();
        md.update(NODE_PREFIX);
        md.update(left);
        return md.digest(right);
    }

    private static boolean isHash(byte[] hash) {
        return hash != null && hash.length == HASH_SIZE;
    }

    private static boolean isPath(List<byte[]> path) {
        if (path == null || path.size() > 2 * Long.SIZE) {
            return false;
        }
        for (byte[] element : path) {
            if (!isHash(element)) {
                return false;
            }
        }
        return true;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
