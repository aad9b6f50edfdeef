package io.ccl.tee.dcap.quote;

import io.ccl.attestation.api.MalformedEvidenceException;
import java.util.Arrays;

/** Bounds-checked little-endian reader over a quote; every overrun is a malformed quote. */
final class ByteCursor {
    private final byte[] bytes;
    private final int end;
    private int position;

    ByteCursor(byte[] bytes, int from, int end) {
        this.bytes = bytes;
        this.position = from;
        this.end = end;
    }

    int position() {
        return position;
    }

    int remaining() {
        return end - position;
    }

    byte[] bytes(int length, String field) throws MalformedEvidenceException {
        require(length, field);
        byte[] out = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return out;
    }

    int u16(String field) throws MalformedEvidenceException {
        require(2, field);
        int v = (bytes[position] & 0xFF) | (bytes[position + 1] & 0xFF) << 8;
        position += 2;
        return v;
    }

    long u32(String field) throws MalformedEvidenceException {
        require(4, field);
        long v = (bytes[position] & 0xFFL) | (bytes[position + 1] & 0xFFL) << 8
                | (bytes[position + 2] & 0xFFL) << 16 | (bytes[position + 3] & 0xFFL) << 24;
        position += 4;
        return v;
    }

    /** A length prefix that must fit into what remains. */
    int length32(String field) throws MalformedEvidenceException {
        long v = u32(field);
        if (v > remaining()) {
            throw new MalformedEvidenceException(field + " is " + v + " bytes but only " + remaining() + " remain");
        }
        return (int) v;
    }

    private void require(int length, String field) throws MalformedEvidenceException {
        if (length < 0 || length > end - position) {
            throw new MalformedEvidenceException("quote truncated in " + field + ": need " + length + " bytes at offset "
                    + position + ", " + Math.max(0, end - position) + " remain");
        }
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    static long u32(byte[] b, int off) {
        return (b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16 | (b[off + 3] & 0xFFL) << 24;
    }

    static long u64(byte[] b, int off) {
        return u32(b, off) | u32(b, off + 4) << 32;
    }
}
