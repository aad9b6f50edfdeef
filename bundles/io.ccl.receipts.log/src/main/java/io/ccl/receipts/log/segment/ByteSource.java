package io.ccl.receipts.log.segment;

import java.io.IOException;

/** Positional read access to the bytes of a segment file. */
@FunctionalInterface
public interface ByteSource {
    /** Exactly {@code length} bytes at {@code position}; EOFException if there are fewer. */
    byte[] read(long position, int length) throws IOException;
}
