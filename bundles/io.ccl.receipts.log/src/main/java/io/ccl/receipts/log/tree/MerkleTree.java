package io.ccl.receipts.log.tree;

import io.ccl.receipts.api.MerkleVerifier;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The RFC 9162 Merkle tree of the log, held in memory: the hash of every <em>complete</em> subtree
 * ({@code 2^L} leaves starting at a multiple of {@code 2^L}), level by level. Complete subtrees
 * never change once full, so an append adds one leaf hash and on average one node hash. About 2n
 * hashes are stored: 64 bytes per entry, plus the leaf index (8–16 bytes per entry).
 *
 * <p>Every subtree that RFC 9162's recursions name ({@code D[k:n]} in §2.1.3.1 and §2.1.4.1) starts
 * at a multiple of a power of two and is either complete (a stored hash) or the right edge of the
 * tree asked about, whose hash is recombined from at most log2(n) stored hashes; right-edge hashes
 * are memoised per request, so a proof costs O(log n) hashes.
 *
 * <p>Thread safe: appends take a write lock, reads a read lock.
 */
public final class MerkleTree {
    /** Largest number of leaves: the leaf index stores {@code index + 1} in an int. */
    public static final long MAX_LEAVES = Integer.MAX_VALUE - 1L;

    private final List<HashArray> levels = new ArrayList<>();
    private final LeafIndex leafIndex;
    private final MessageDigest appendDigest = sha256();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    public MerkleTree() {
        levels.add(new HashArray());
        leafIndex = new LeafIndex(levels.get(0));
    }

    /** Number of leaves. */
    public long size() {
        lock.readLock().lock();
        try {
            return levels.get(0).size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Appends leaf hashes (32 bytes each) in order. */
    public void append(List<byte[]> leafHashes) {
        lock.writeLock().lock();
        try {
            if (levels.get(0).size() + leafHashes.size() > MAX_LEAVES) {
                throw new IllegalStateException("the tree holds at most " + MAX_LEAVES + " leaves");
            }
            for (byte[] leaf : leafHashes) {
                appendOne(leaf);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void appendOne(byte[] leafHash) {
        if (leafHash.length != MerkleVerifier.HASH_SIZE) {
            throw new IllegalArgumentException("leaf hashes are 32 bytes");
        }
        HashArray leaves = levels.get(0);
        long index = leaves.size();
        leaves.add(leafHash);
        leafIndex.add(leafHash, index);
        // Each time the new node is a right child (odd index), its parent's subtree is complete.
        byte[] node = leafHash;
        for (int level = 0; (index & 1) == 1; level++, index >>>= 1) {
            node = node(appendDigest, levels.get(level).get(index - 1), node);
            if (levels.size() == level + 1) {
                levels.add(new HashArray());
            }
            levels.get(level + 1).add(node);
        }
    }

    /** The leaf hash at {@code index < size()}. */
    public byte[] leafHash(long index) {
        lock.readLock().lock();
        try {
            return levels.get(0).get(index);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The first index of a leaf hash. */
    public OptionalLong indexOf(byte[] leafHash) {
        if (leafHash == null || leafHash.length != MerkleVerifier.HASH_SIZE) {
            return OptionalLong.empty();
        }
        lock.readLock().lock();
        try {
            long index = leafIndex.find(leafHash);
            return index < 0 ? OptionalLong.empty() : OptionalLong.of(index);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** {@code MTH(D[0:treeSize])}; the empty-tree hash for 0. */
    public byte[] root(long treeSize) {
        lock.readLock().lock();
        try {
            checkSize(treeSize);
            return treeSize == 0 ? MerkleVerifier.emptyRoot() : new Request(treeSize).subtree(0, treeSize);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** {@code PATH(index, D[0:treeSize])} (RFC 9162 §2.1.3.1), for {@code 0 <= index < treeSize <= size()}. */
    public List<byte[]> inclusionProof(long index, long treeSize) {
        lock.readLock().lock();
        try {
            checkSize(treeSize);
            if (index < 0 || index >= treeSize) {
                throw new IllegalArgumentException("leaf index " + index + " is not below tree size " + treeSize);
            }
            List<byte[]> path = new ArrayList<>();
            new Request(treeSize).path(index, 0, treeSize, path);
            return path;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * {@code PROOF(first, D[0:second])} (RFC 9162 §2.1.4.1), for {@code 0 <= first <= second <= size()};
     * empty when {@code first} is 0 or equals {@code second} (nothing to prove).
     */
    public List<byte[]> consistencyProof(long first, long second) {
        lock.readLock().lock();
        try {
            checkSize(second);
            if (first < 0 || first > second) {
                throw new IllegalArgumentException("first size " + first + " is not within 0.." + second);
            }
            List<byte[]> proof = new ArrayList<>();
            if (first > 0 && first < second) {
                new Request(second).subproof(first, 0, second, true, proof);
            }
            return proof;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Bytes held by the hashes and the leaf index (allocated chunks). */
    public long memoryBytes() {
        lock.readLock().lock();
        try {
            return levels.stream().mapToLong(HashArray::memoryBytes).sum() + leafIndex.memoryBytes();
        } finally {
            lock.readLock().unlock();
        }
    }

    private void checkSize(long treeSize) {
        if (treeSize < 0 || treeSize > levels.get(0).size()) {
            throw new IllegalArgumentException("tree size " + treeSize + " is not within 0.." + levels.get(0).size());
        }
    }

    /** One proof or root computation over the tree of {@code treeSize} leaves (read lock held). */
    private final class Request {
        private final long treeSize;
        private final MessageDigest md = sha256();
        /** Right-edge subtree hashes D[start:treeSize], by start. */
        private final Map<Long, byte[]> rightEdge = new HashMap<>();

        Request(long treeSize) {
            this.treeSize = treeSize;
        }

        /** MTH(D[start:end]) as RFC 9162 §2.1.1 defines it, from stored complete subtrees. */
        byte[] subtree(long start, long end) {
            long n = end - start;
            if (n == 1) {
                return levels.get(0).get(start);
            }
            if (Long.bitCount(n) == 1 && (start & (n - 1)) == 0) {
                int level = Long.numberOfTrailingZeros(n);
                return levels.get(level).get(start >>> level);
            }
            if (end == treeSize && rightEdge.containsKey(start)) {
                return rightEdge.get(start);
            }
            long k = Long.highestOneBit(n - 1);
            byte[] hash = node(md, subtree(start, start + k), subtree(start + k, end));
            if (end == treeSize) {
                rightEdge.put(start, hash);
            }
            return hash;
        }

        /** RFC 9162 §2.1.3.1: PATH(m, D[start:end]), m relative to start. */
        void path(long m, long start, long end, List<byte[]> out) {
            long n = end - start;
            if (n == 1) {
                return; // PATH(0, {d(0)}) = {}
            }
            long k = Long.highestOneBit(n - 1); // the largest power of two smaller than n
            if (m < k) {
                path(m, start, start + k, out); // PATH(m, D[0:k]) : MTH(D[k:n])
                out.add(subtree(start + k, end));
            } else {
                path(m - k, start + k, end, out); // PATH(m - k, D[k:n]) : MTH(D[0:k])
                out.add(subtree(start, start + k));
            }
        }

        /** RFC 9162 §2.1.4.1: SUBPROOF(m, D[start:end], b). */
        void subproof(long m, long start, long end, boolean b, List<byte[]> out) {
            long n = end - start;
            if (m == n) {
                if (!b) {
                    out.add(subtree(start, end)); // SUBPROOF(m, D[m], false) = {MTH(D[m])}
                }
                return; // SUBPROOF(m, D[m], true) = {}
            }
            long k = Long.highestOneBit(n - 1);
            if (m <= k) {
                subproof(m, start, start + k, b, out); // SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
                out.add(subtree(start + k, end));
            } else {
                subproof(m - k, start + k, end, false, out); // SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])
                out.add(subtree(start, start + k));
            }
        }
    }

    private static byte[] node(MessageDigest md, byte[] left, byte[] right) {
        md.reset();
        md.update((byte) 0x01);
        md.update(left);
        return md.digest(right);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
