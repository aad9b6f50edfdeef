package io.ccl.receipts.api;

import java.util.List;
import java.util.Objects;

/**
 * An RFC 9162 §2.1.4 consistency proof {@code PROOF(firstSize, D[secondSize])}: the hashes that show
 * the tree of {@code secondSize} entries extends the tree of {@code firstSize} entries. Empty when
 * {@code firstSize} is 0 or equals {@code secondSize}.
 *
 * @param firstSize size of the older tree
 * @param secondSize size of the newer tree, at least {@code firstSize}
 * @param path 32-byte hashes, at most 65
 */
public record ConsistencyProof(long firstSize, long secondSize, List<byte[]> path) {
    public ConsistencyProof {
        if (firstSize < 0 || secondSize < firstSize) {
            throw new IllegalArgumentException("sizes must satisfy 0 <= first <= second");
        }
        path = ProofPath.copyOf(path);
    }

    /** The path (copies). */
    @Override
    public List<byte[]> path() {
        return ProofPath.copyOf(path);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsistencyProof p && firstSize == p.firstSize && secondSize == p.secondSize
                && ProofPath.equal(path, p.path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(firstSize, secondSize, ProofPath.hash(path));
    }

    @Override
    public String toString() {
        return "ConsistencyProof[" + firstSize + " -> " + secondSize + ", " + path.size() + " hashes]";
    }
}
