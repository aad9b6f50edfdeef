package io.ccl.receipts.log.segment;

import io.ccl.receipts.api.LogException;
import io.ccl.receipts.api.LogException.Reason;
import io.ccl.receipts.api.MerkleVerifier;
import io.ccl.receipts.log.segment.RecordFormat.Decoded;
import io.ccl.receipts.log.segment.RecordFormat.Status;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the segments of a log directory and brings it back to its last durable, intact commit.
 *
 * <p>The writer appends one <em>commit group</em> per {@code write} + {@code fsync} and acknowledges
 * its entries only after the {@code fsync}; the next group is written only after that. So only the
 * last group of the last segment can be incomplete after a crash, and every record names the first
 * index of its group. The rules:
 *
 * <ul>
 *   <li>Segments must start at index 0 and follow each other without gap or overlap; every record
 *       must carry the next index; all segments must carry the same log id. Otherwise: CORRUPT.</li>
 *   <li>In any segment but the last, every record must be intact and the last one must end its
 *       group. Otherwise: CORRUPT.</li>
 *   <li>In the last segment, when a record is cut off or damaged, the rest of the file is searched
 *       for intact records. One that belongs to a later group than the damaged one means the damage
 *       is in the middle of the log: CORRUPT. Otherwise the damaged group is a torn tail.</li>
 *   <li>A torn tail, or a last group whose final record is missing, is cut off at the start of its
 *       group: the bytes are first saved durably to {@code torn-<segment>-<offset>.bin}, then the
 *       segment is truncated and {@code fsync}'d. None of those entries was acknowledged.</li>
 * </ul>
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /** The open segments, the log id (null for an empty directory) and the number of entries. */
    record Result(List<Segment> segments, String logId, long size) {
    }

    private final SegmentDirectory dir;
    private final SegmentStore.GroupSink sink;
    private final List<Segment> segments = new ArrayList<>();
    private String logId;
    private long expected;

    private Recovery(SegmentDirectory dir, SegmentStore.GroupSink sink) {
        this.dir = dir;
        this.sink = sink;
    }

    static Result run(SegmentDirectory dir, SegmentStore.GroupSink sink) throws LogException {
        Recovery recovery = new Recovery(dir, sink);
        try {
            dir.removeTempFiles();
            List<Path> files = dir.segmentFiles();
            for (int i = 0; i < files.size(); i++) {
                recovery.open(files.get(i), i == files.size() - 1);
            }
            return new Result(List.copyOf(recovery.segments), recovery.logId, recovery.expected);
        } catch (IOException e) {
            recovery.closeAll();
            throw new LogException(Reason.UNAVAILABLE, "cannot read log directory " + dir.path(), e);
        } catch (LogException | RuntimeException e) {
            recovery.closeAll();
            throw e;
        }
    }

    private void open(Path file, boolean last) throws IOException, LogException {
        String name = file.getFileName().toString();
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Segment segment = new Segment(file, SegmentDirectory.firstIndexOf(file), channel);
        segments.add(segment);
        long size = channel.size();
        SegmentReader reader = new SegmentReader(channel);
        SegmentHeader header = size < SegmentHeader.SIZE ? null : SegmentHeader.decode(reader.read(0, SegmentHeader.SIZE));
        if (header == null) {
            throw corrupt(name + ": the segment header is damaged");
        }
        if (header.firstIndex() != segment.firstIndex()) {
            throw corrupt(name + ": the header says the segment starts at index " + header.firstIndex());
        }
        if (header.firstIndex() != expected) {
            throw corrupt(name + ": segment starts at index " + header.firstIndex() + ", the log continues at " + expected
                    + " (missing or extra segment)");
        }
        if (logId == null) {
            logId = header.logId();
        } else if (!logId.equals(header.logId())) {
            throw corrupt(name + ": segment belongs to another log (" + header.logId() + ")");
        }
        scan(segment, reader, size, last);
    }

    private void scan(Segment segment, SegmentReader reader, long size, boolean last) throws IOException, LogException {
        String name = segment.path().getFileName().toString();
        long groupOffset = SegmentHeader.SIZE; // where the group being read starts
        long groupStart = expected;            // index of its first record
        List<byte[]> groupHashes = new ArrayList<>();
        List<Long> groupEnds = new ArrayList<>();
        long position = SegmentHeader.SIZE;
        while (position < size) {
            Decoded record = RecordFormat.decode(reader, position, size);
            if (record.status() != Status.INTACT) {
                if (!last) {
                    throw corrupt(name + ": " + describe(record) + " record at offset " + position + " inside the log");
                }
                requireNoLaterGroup(name, reader, position, size, groupStart);
                truncate(segment, reader, groupOffset, size, describe(record) + " record at offset " + position);
                return;
            }
            long index = groupStart + groupHashes.size();
            if (record.index() != index || record.groupStart() != groupStart) {
                throw corrupt(name + ": intact record at offset " + position + " has index " + record.index() + " (group "
                        + record.groupStart() + "), expected " + index + " (group " + groupStart + ")");
            }
            groupHashes.add(MerkleVerifier.leafHash(record.payload()));
            groupEnds.add(record.end());
            position = record.end();
            if (record.commitEnd()) {
                for (long end : groupEnds) {
                    segment.addRecord(end);
                }
                sink.committed(groupHashes);
                expected = index + 1;
                groupHashes = new ArrayList<>();
                groupEnds.clear();
                groupOffset = position;
                groupStart = expected;
            }
        }
        if (!groupHashes.isEmpty()) {
            if (!last) {
                throw corrupt(name + ": the segment ends inside a commit group");
            }
            truncate(segment, reader, groupOffset, size, "commit group without its last record");
        }
    }

    /** A damaged record followed by an intact record of a later group is damage in the middle. */
    private void requireNoLaterGroup(String name, SegmentReader reader, long damaged, long size, long groupStart)
            throws IOException, LogException {
        for (long chunkStart = damaged + 1; chunkStart + RecordFormat.HEADER <= size; chunkStart += 1 << 16) {
            byte[] chunk = reader.read(chunkStart, (int) Math.min(1 << 16, size - chunkStart));
            for (int i = 0; i < chunk.length && chunkStart + i + RecordFormat.HEADER <= size; i++) {
                if (chunk[i] != 'C') {
                    continue;
                }
                long p = chunkStart + i;
                Decoded later = RecordFormat.decode(reader, p, size);
                if (later.status() == Status.INTACT && later.groupStart() != groupStart) {
                    throw corrupt(name + ": damaged record at offset " + damaged + " is followed by the intact record of index "
                            + later.index() + " at offset " + p + ": the log is damaged in the middle");
                }
            }
        }
    }

    private void truncate(Segment segment, SegmentReader reader, long offset, long size, String why) throws IOException {
        byte[] tail = reader.read(offset, Math.toIntExact(size - offset));
        Path saved = dir.quarantine(segment, offset, tail);
        segment.channel().truncate(offset);
        segment.channel().force(true);
        LOG.warn("Log {}: cut a torn tail of {} bytes off {} at offset {} ({}); none of it was acknowledged. Saved as {}",
                logId, tail.length, segment.path().getFileName(), offset, why, saved.getFileName());
    }

    private static String describe(Decoded record) {
        return record.status() == Status.INCOMPLETE ? "cut-off" : "damaged";
    }

    private static LogException corrupt(String message) {
        return new LogException(Reason.CORRUPT, "transparency log is corrupt, refusing to open: " + message);
    }

    private void closeAll() {
        for (Segment s : segments) {
            try {
                s.close();
            } catch (IOException e) {
                // Already failing; the descriptor goes with the process at worst.
            }
        }
    }
}
