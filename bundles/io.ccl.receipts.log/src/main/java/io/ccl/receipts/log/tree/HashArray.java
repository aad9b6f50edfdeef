package io.ccl.receipts.log.tree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A growable array of 32-byte hashes in fixed chunks of 4096 (128 KiB), so growing never copies
 * what is stored and no single array gets large. Not thread safe: {@link MerkleTree} guards it.
 */
final class HashArray {
    static final int HASH = 32;
    private static final int CHUNK_BITS = 12;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private final List<byte[]> chunks = new ArrayList<>();
    private long size;

    long size() {
        return size;
    }

    void add(byte[] hash) {
        int offset = (int) (size & (CHUNK - 1));
        if (offset == 0) {
            chunks.add(new byte[CHUNK * HASH]);
        }
        System.arraycopy(hash, 0, chunks.get(chunks.size() - 1), offset * HASH, HASH);
        size++;
    }

    byte[] get(long index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("hash " + index + " of " + size);
        }
        int offset = (int) (index & (CHUNK - 1)) * HASH;
        byte[] chunk = chunks.get((int) (index >>> CHUNK_BITS));
        return Arrays.copyOfRange(chunk, offset, offset + HASH);
    }

    /** True when the hash at {@code index} equals {@code hash}, without copying. */
    boolean equalsAt(long index, byte[] hash) {
        int offset = (int) (index & (CHUNK - 1)) * HASH;
        byte[] chunk = chunks.get((int) (index >>> CHUNK_BITS));
        return Arrays.equals(chunk, offset, offset + HASH, hash, 0, HASH);
    }

    /** Bytes held, chunk slack included. */
    long memoryBytes() {
        return (long) chunks.size() * CHUNK * HASH;
    }
}
