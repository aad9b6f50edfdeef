package io.ccl.receipts.log.segment;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * The 64-byte header at the start of every segment file. All integers big-endian.
 *
 * <pre>
 * offset size field
 *      0    8 magic "CCLRLOG1"
 *      8    2 format version = 1
 *     10    2 header length = 64
 *     12    4 reserved, 0
 *     16    8 index of the first record in this segment (equals the file name)
 *     24   32 log id (raw bytes; hex in the API)
 *     56    4 reserved, 0
 *     60    4 CRC32C of bytes 0..59
 * </pre>
 *
 * @param firstIndex index of the first record of the segment
 * @param logId the log id as 64 lowercase hex digits
 */
public record SegmentHeader(long firstIndex, String logId) {
    public static final int SIZE = 64;
    private static final byte[] MAGIC = {'C', 'C', 'L', 'R', 'L', 'O', 'G', '1'};
    private static final short VERSION = 1;

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        b.put(MAGIC).putShort(VERSION).putShort((short) SIZE).putInt(0).putLong(firstIndex)
                .put(HexFormat.of().parseHex(logId)).putInt(0);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, SIZE - 4);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** Decodes a header; null when the bytes are not a valid version-1 header. */
    public static SegmentHeader decode(byte[] bytes) {
        if (bytes.length != SIZE) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, SIZE - 4);
        byte[] magic = new byte[MAGIC.length];
        b.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC) || b.getShort(8) != VERSION || b.getShort(10) != SIZE
                || b.getInt(12) != 0 || b.getInt(56) != 0 || b.getInt(60) != (int) crc.getValue() || b.getLong(16) < 0) {
            return null;
        }
        byte[] id = new byte[32];
        b.get(24, id);
        return new SegmentHeader(b.getLong(16), HexFormat.of().formatHex(id));
    }
}
