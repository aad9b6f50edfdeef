package io.ccl.receipts.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** The list of 32-byte hashes of a proof: defensive copies and content comparison. */
final class ProofPath {
    /** More hashes than any proof of a tree below 2^64 entries can hold. */
    static final int MAX_HASHES = 2 * Long.SIZE;

    private ProofPath() {
    }

    static List<byte[]> copyOf(List<byte[]> hashes) {
        Objects.requireNonNull(hashes, "path");
        if (hashes.size() > MAX_HASHES) {
            throw new IllegalArgumentException("a proof has at most " + MAX_HASHES + " hashes");
        }
        List<byte[]> copy = new ArrayList<>(hashes.size());
        for (byte[] h : hashes) {
            if (h == null || h.length != MerkleVerifier.HASH_SIZE) {
                throw new IllegalArgumentException("proof hashes must be 32 bytes");
            }
            copy.add(h.clone());
        }
        return Collections.unmodifiableList(copy);
    }

    static boolean equal(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    static int hash(List<byte[]> hashes) {
        int h = 1;
        for (byte[] b : hashes) {
            h = 31 * h + Arrays.hashCode(b);
        }
        return h;
    }
}
