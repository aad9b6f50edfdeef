package io.ccl.receipts.log;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * An independent, deliberately naive reference of RFC 9162 §2.1: the recursive definitions of
 * MTH (§2.1.1), PATH (§2.1.3.1) and PROOF/SUBPROOF (§2.1.4.1) over a list of leaf inputs, written
 * straight from the RFC text, with no caching and its own hashing.
 */
public final class RfcReference {
    private final List<byte[]> leaves;

    public RfcReference(List<byte[]> leafInputs) {
        this.leaves = leafInputs;
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** MTH(D[from:to]). */
    public byte[] mth(int from, int to) {
        int n = to - from;
        if (n == 0) {
            return sha256(); // MTH({}) = SHA-256()
        }
        if (n == 1) {
            return sha256(new byte[] {0x00}, leaves.get(from)); // MTH({d(0)}) = SHA-256(0x00 || d(0))
        }
        int k = largestPowerOfTwoBelow(n);
        return sha256(new byte[] {0x01}, mth(from, from + k), mth(from + k, to));
    }

    /** PATH(m, D[0:n]). */
    public List<byte[]> path(int m, int n) {
        List<byte[]> out = new ArrayList<>();
        path(m, 0, n, out);
        return out;
    }

    private void path(int m, int from, int to, List<byte[]> out) {
        int n = to - from;
        if (n == 1) {
            return;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(m, from, from + k, out);
            out.add(mth(from + k, to));
        } else {
            path(m - k, from + k, to, out);
            out.add(mth(from, from + k));
        }
    }

    /** PROOF(m, D[0:n]) for 0 < m < n. */
    public List<byte[]> proof(int m, int n) {
        List<byte[]> out = new ArrayList<>();
        subproof(m, 0, n, true, out);
        return out;
    }

    private void subproof(int m, int from, int to, boolean b, List<byte[]> out) {
        int n = to - from;
        if (m == n) {
            if (!b) {
                out.add(mth(from, to));
            }
            return;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, from, from + k, b, out);
            out.add(mth(from + k, to));
        } else {
            subproof(m - k, from + k, to, false, out);
            out.add(mth(from, from + k));
        }
    }

    /** The largest power of two smaller than n (n > 1). */
    static int largestPowerOfTwoBelow(int n) {
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return k;
    }
}
