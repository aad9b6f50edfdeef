package io.ccl.receipts.log.segment;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Positional reads through a window of the file (4 MiB), so that a sequential scan costs one
 * system call per window rather than two per record.
 */
public final class SegmentReader implements ByteSource {
    private static final int WINDOW = 4 << 20;

    private final FileChannel channel;
    private final ByteBuffer window = ByteBuffer.allocate(WINDOW);
    private long windowStart;
    private int windowLength;

    public SegmentReader(FileChannel channel) {
        this.channel = channel;
    }

    @Override
    public byte[] read(long position, int length) throws IOException {
        byte[] out = new byte[length];
        if (length > WINDOW) {
            readDirect(position, out);
            return out;
        }
        if (position < windowStart || position + length > windowStart + windowLength) {
            fill(position);
            if (position + length > windowStart + windowLength) {
                throw new EOFException("file ends before " + (position + length));
            }
        }
        System.arraycopy(window.array(), (int) (position - windowStart), out, 0, length);
        return out;
    }

    private void fill(long position) throws IOException {
        window.clear();
        windowStart = position;
        while (window.hasRemaining()) {
            if (channel.read(window, position + window.position()) < 0) {
                break;
            }
        }
        windowLength = window.position();
    }

    private void readDirect(long position, byte[] out) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(out);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("file ends before " + (position + out.length));
            }
        }
    }
}
