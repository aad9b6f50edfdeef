package io.ccl.receipts.log.tree;

/**
 * Finds the first index of a leaf hash: an open-addressing table (linear probing) of
 * {@code index + 1} values, keyed by the leaf hash's first 8 bytes (already uniformly distributed)
 * and confirmed against the full hash in the leaf level. At most half full, so it costs 8 to 16
 * bytes per entry. Not thread safe: {@link MerkleTree} guards it.
 */
final class LeafIndex {
    private final HashArray leaves;
    private int[] slots = new int[1 << 10];
    private int count;

    LeafIndex(HashArray leaves) {
        this.leaves = leaves;
    }

    /** Records {@code index} for its hash unless an earlier index has the same hash. */
    void add(byte[] hash, long index) {
        if (find(hash) >= 0) {
            return;
        }
        if (2L * (count + 1) > slots.length) {
            grow();
        }
        insert(hash, (int) index);
        count++;
    }

    /** The first index with this hash, or -1. */
    long find(byte[] hash) {
        int mask = slots.length - 1;
        for (int slot = slotOf(hash, mask); slots[slot] != 0; slot = (slot + 1) & mask) {
            long index = slots[slot] - 1L;
            if (leaves.equalsAt(index, hash)) {
                return index;
            }
        }
        return -1;
    }

    long memoryBytes() {
        return 4L * slots.length;
    }

    private void insert(byte[] hash, int index) {
        int mask = slots.length - 1;
        int slot = slotOf(hash, mask);
        while (slots[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = index + 1;
    }

    private void grow() {
        int[] old = slots;
        slots = new int[old.length * 2];
        for (int value : old) {
            if (value != 0) {
                insert(leaves.get(value - 1L), value - 1);
            }
        }
    }

    private static int slotOf(byte[] hash, int mask) {
        long key = 0;
        for (int i = 0; i < 8; i++) {
            key = (key << 8) | (hash[i] & 0xff);
        }
        return (int) (key ^ (key >>> 32)) & mask;
    }
}
