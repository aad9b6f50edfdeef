package io.ccl.receipts.api;

import java.util.Objects;

/**
 * Proof that an entry is in the log: the entry, the inclusion proof of its leaf index in a tree
 * size, and the signed tree head of that size, which carries the EAR token vouching for the key
 * that signed it. Verified offline by {@link ReceiptVerifier#verify}.
 *
 * @param entry the entry; its index is the leaf index
 * @param inclusionProof {@code PATH(entry.index, D[treeHead.treeSize])}
 * @param treeHead the signed head the proof leads to
 */
public record Receipt(LogEntry entry, InclusionProof inclusionProof, SignedTreeHead treeHead) {
    public Receipt {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(inclusionProof, "inclusionProof");
        Objects.requireNonNull(treeHead, "treeHead");
    }

    /** The leaf index: the entry's index. */
    public long leafIndex() {
        return entry.index();
    }

    /** The EAR token that vouches for the tree head's signing key, or null. */
    public String ear() {
        return treeHead.ear();
    }
}
