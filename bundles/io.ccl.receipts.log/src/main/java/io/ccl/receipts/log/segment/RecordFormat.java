package io.ccl.receipts.log.segment;

import io.ccl.receipts.api.NewEntry;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * One record of a segment file: a 32-byte header, then the payload (the entry's Merkle leaf data).
 * All integers big-endian.
 *
 * <pre>
 * offset size field
 *      0    4 magic "CREC" (0x43 0x52 0x45 0x43)
 *      4    1 format version = 1
 *      5    1 flags: bit 0 = last record of its commit group; other bits 0
 *      6    2 reserved, 0
 *      8    8 index of this entry
 *     16    8 index of the first entry of its commit group
 *     24    4 payload length n, 1..MAX_PAYLOAD
 *     28    4 CRC32C (Castagnoli) of bytes 0..27 followed by the n payload bytes
 *     32    n payload
 * </pre>
 */
public final class RecordFormat {
    public static final int HEADER = 32;
    public static final int MAGIC = 0x43524543;
    public static final byte VERSION = 1;
    public static final byte FLAG_COMMIT_END = 1;
    /** Largest payload: the largest content plus room for the leaf wrapper. */
    public static final int MAX_PAYLOAD = NewEntry.MAX_CONTENT_BYTES + 4096;

    private RecordFormat() {
    }

    /** What a position in a segment holds. */
    public enum Status {
        /** A whole record whose checksum matches. */
        INTACT,
        /** The file ends before the record does (its header or payload is cut off). */
        INCOMPLETE,
        /** The bytes are there but are not a valid record (magic, fields or checksum). */
        DAMAGED
    }

    /** A decoded record; {@code payload} and the indices are meaningful only when INTACT. */
    public record Decoded(Status status, long index, long groupStart, boolean commitEnd, byte[] payload, long end) {
        static Decoded of(Status status) {
            return new Decoded(status, -1, -1, false, null, -1);
        }
    }

    /** Appends the encoded record to {@code out}. */
    public static void encode(ByteBuffer out, long index, long groupStart, boolean commitEnd, byte[] payload) {
        int start = out.position();
        out.putInt(MAGIC).put(VERSION).put(commitEnd ? FLAG_COMMIT_END : 0).putShort((short) 0)
                .putLong(index).putLong(groupStart).putInt(payload.length);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), out.arrayOffset() + start, HEADER - 4);
        crc.update(payload);
        out.putInt((int) crc.getValue()).put(payload);
    }

    /** Encoded size of a record with {@code payloadLength} bytes of payload. */
    public static int size(int payloadLength) {
        return HEADER + payloadLength;
    }

    /**
     * Decodes the record at {@code position} of a file of {@code fileSize} bytes.
     *
     * @param reader positional access to the file
     */
    public static Decoded decode(ByteSource reader, long position, long fileSize) throws java.io.IOException {
        if (position + HEADER > fileSize) {
            return Decoded.of(Status.INCOMPLETE);
        }
        ByteBuffer header = ByteBuffer.wrap(reader.read(position, HEADER));
        if (header.getInt(0) != MAGIC || header.get(4) != VERSION || (header.get(5) & ~FLAG_COMMIT_END) != 0
                || header.getShort(6) != 0) {
            return Decoded.of(Status.DAMAGED);
        }
        long index = header.getLong(8);
        long groupStart = header.getLong(16);
        int length = header.getInt(24);
        if (length <= 0 || length > MAX_PAYLOAD || index < 0 || groupStart < 0 || groupStart > index) {
            return Decoded.of(Status.DAMAGED);
        }
        if (position + HEADER + length > fileSize) {
            return Decoded.of(Status.INCOMPLETE);
        }
        byte[] payload = reader.read(position + HEADER, length);
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, HEADER - 4);
        crc.update(payload);
        if ((int) crc.getValue() != header.getInt(28)) {
            return Decoded.of(Status.DAMAGED);
        }
        return new Decoded(Status.INTACT, index, groupStart, (header.get(5) & FLAG_COMMIT_END) != 0, payload,
                position + HEADER + length);
    }
}
