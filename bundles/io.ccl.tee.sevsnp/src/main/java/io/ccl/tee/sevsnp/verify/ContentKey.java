package io.ccl.tee.sevsnp.verify;

import java.util.Arrays;

/**
 * Identity of collateral by its full content (not a hash of it), so a cache hit means the very
 * same bytes were verified before.
 */
final class ContentKey {
    private final byte[][] parts;
    private final int hash;

    ContentKey(byte[]... parts) {
        this.parts = parts;
        this.hash = Arrays.deepHashCode(parts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContentKey k && hash == k.hash && Arrays.deepEquals(parts, k.parts);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
