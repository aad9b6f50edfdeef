package io.ccl.receipts.api;

import java.util.List;
import java.util.Objects;

/**
 * An RFC 9162 §2.1.3 inclusion proof: the audit path {@code PATH(leafIndex, D[treeSize])}, from the
 * leaf's sibling up to the child of the root.
 *
 * @param leafIndex index of the entry
 * @param treeSize size of the tree the path leads to the root of
 * @param path 32-byte hashes, at most 64
 */
public record InclusionProof(long leafIndex, long treeSize, List<byte[]> path) {
    public InclusionProof {
        if (leafIndex < 0 || treeSize < 0) {
            throw new IllegalArgumentException("negative index or size");
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
        return o instanceof InclusionProof p && leafIndex == p.leafIndex && treeSize == p.treeSize
                && ProofPath.equal(path, p.path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(leafIndex, treeSize, ProofPath.hash(path));
    }

    @Override
    public String toString() {
        return "InclusionProof[leaf=" + leafIndex + ", size=" + treeSize + ", " + path.size() + " hashes]";
    }
}
