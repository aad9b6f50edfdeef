package io.ccl.receipts.log.segment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One open segment file: its first index, the offset of each of its records and where it ends.
 * Appends come from the single writer thread; reads may come from any thread (positional reads on
 * a {@link FileChannel} are safe alongside writes). Offsets are published with {@code volatile}
 * counts, so a reader never sees a record before its offset.
 */
public final class Segment implements AutoCloseable {
    private final Path path;
    private final long firstIndex;
    private final FileChannel channel;
    /** {@code offsets[i]} is where record i starts and {@code offsets[i + 1]} where it ends. */
    private volatile int[] offsets = new int[1024];
    private volatile int count;

    Segment(Path path, long firstIndex, FileChannel channel) {
        this.path = path;
        this.firstIndex = firstIndex;
        this.channel = channel;
        offsets[0] = SegmentHeader.SIZE;
    }

    public Path path() {
        return path;
    }

    public long firstIndex() {
        return firstIndex;
    }

    /** Number of durable records. */
    public int count() {
        return count;
    }

    /** Byte length of the durable part. */
    public long end() {
        return offsets[count];
    }

    /** Records that the next record is durable and ends at {@code recordEnd} (single writer). */
    void addRecord(long recordEnd) {
        int[] current = offsets;
        if (count + 2 > current.length) {
            current = Arrays.copyOf(current, current.length * 2);
            offsets = current;
        }
        current[count + 1] = Math.toIntExact(recordEnd);
        count++;
    }

    /** Writes {@code group} at the end and {@code fsync}s (fdatasync) it; offsets are added by the caller. */
    void writeAndSync(ByteBuffer group) throws IOException {
        long position = end();
        while (group.hasRemaining()) {
            position += channel.write(group, position);
        }
        channel.force(false);
    }

    /** The payload of record {@code index}, checked against its header and checksum. */
    public RecordFormat.Decoded read(long index) throws IOException {
        int n = count;
        int[] ends = offsets;
        long i = index - firstIndex;
        if (i < 0 || i >= n) {
            throw new IllegalArgumentException("index " + index + " is not in segment " + path.getFileName());
        }
        long offset = ends[(int) i];
        long recordEnd = ends[(int) i + 1];
        byte[] bytes = new byte[(int) (recordEnd - offset)];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                return RecordFormat.Decoded.of(RecordFormat.Status.INCOMPLETE);
            }
        }
        return RecordFormat.decode((position, length) -> Arrays.copyOfRange(bytes, (int) position, (int) position + length),
                0, bytes.length);
    }

    FileChannel channel() {
        return channel;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
