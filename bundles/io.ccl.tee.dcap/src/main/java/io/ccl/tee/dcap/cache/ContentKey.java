package io.ccl.tee.dcap.cache;

import java.util.Arrays;

/**
 * Bytes as a map key: equal content, equal key. The array is owned by the key (callers pass a copy they no
 * longer touch), so cached verification results can never be reached with different content.
 */
public final class ContentKey {
    private final byte[] bytes;
    private final int hash;

    private ContentKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** A key owning {@code bytes}; the caller must not modify the array afterwards. */
    public static ContentKey owning(byte[] bytes) {
        return new ContentKey(bytes);
    }

    /** A key over the concatenation of the parts. */
    public static ContentKey of(byte[]... parts) {
        int size = 0;
        for (byte[] p : parts) {
            size += p.length + 4;
        }
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] p : parts) {
            all[at++] = (byte) (p.length >>> 24);
            all[at++] = (byte) (p.length >>> 16);
            all[at++] = (byte) (p.length >>> 8);
            all[at++] = (byte) p.length;
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return new ContentKey(all);
    }

    public int size() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContentKey k && k.hash == hash && Arrays.equals(k.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
