package io.ccl.benchmarks.receipts;

import io.ccl.receipts.log.segment.RecordFormat;
import io.ccl.receipts.log.segment.SegmentHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Counts commit groups (fsyncs) in a log's segment files by their "last record of group" flags. */
final class GroupStats {
    private GroupStats() {
    }

    static void print(Path dir, long size) throws IOException {
        long records = 0;
        long groups = 0;
        List<Path> segments;
        try (Stream<Path> files = Files.list(dir)) {
            segments = files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
        for (Path segment : segments) {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(segment));
            int p = SegmentHeader.SIZE;
            while (p + RecordFormat.HEADER <= b.limit()) {
                records++;
                if ((b.get(p + 5) & RecordFormat.FLAG_COMMIT_END) != 0) {
                    groups++;
                }
                p += RecordFormat.HEADER + b.getInt(p + 24);
            }
        }
        System.out.printf("%n[receipts] %d entries (log size %d) in %d commit groups: %.2f appends per fsync%n",
                records, size, groups, groups == 0 ? 0.0 : (double) records / groups);
    }
}
