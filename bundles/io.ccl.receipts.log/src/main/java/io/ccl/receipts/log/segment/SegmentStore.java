package io.ccl.receipts.log.segment;

import io.ccl.receipts.api.LogException;
import io.ccl.receipts.api.LogException.Reason;
import io.ccl.receipts.log.segment.RecordFormat.Decoded;
import io.ccl.receipts.log.segment.RecordFormat.Status;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The segment files of one log: recovered at open, appended by one writer thread a commit group at
 * a time, read by any thread. See the bundle README for the file formats.
 */
public final class SegmentStore implements AutoCloseable {
    /** Receives the leaf hashes of each intact commit group found at open, in log order. */
    @FunctionalInterface
    public interface GroupSink {
        void committed(List<byte[]> leafHashes);
    }

    private final SegmentDirectory dir;
    private final String logId;
    private final long segmentSize;
    private final List<Segment> segments;
    private volatile long size;
    private volatile boolean failed;

    private SegmentStore(SegmentDirectory dir, String logId, long segmentSize, List<Segment> segments, long size) {
        this.dir = dir;
        this.logId = logId;
        this.segmentSize = segmentSize;
        this.segments = new CopyOnWriteArrayList<>(segments);
        this.size = size;
    }

    /**
     * Opens (creating if needed) the log in {@code path}, recovering it to its last durable commit.
     *
     * @param sink receives the leaf hashes of the recovered entries, group by group, in order
     * @throws LogException {@code CORRUPT} when the log is damaged other than in its last commit,
     *     {@code UNAVAILABLE} when the directory is locked or cannot be read
     */
    public static SegmentStore open(Path path, long segmentSize, GroupSink sink) throws LogException {
        SegmentDirectory dir = SegmentDirectory.open(path);
        try {
            Recovery.Result recovered = Recovery.run(dir, sink);
            if (recovered.logId() != null) {
                return new SegmentStore(dir, recovered.logId(), segmentSize, recovered.segments(), recovered.size());
            }
            byte[] id = new byte[32];
            new SecureRandom().nextBytes(id);
            String logId = HexFormat.of().formatHex(id);
            Segment first = dir.createSegment(0, logId);
            return new SegmentStore(dir, logId, segmentSize, List.of(first), 0);
        } catch (IOException e) {
            dir.close();
            throw new LogException(Reason.UNAVAILABLE, "cannot create the log in " + dir.path(), e);
        } catch (LogException | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    public String logId() {
        return logId;
    }

    /** Number of durable entries. */
    public long size() {
        return size;
    }

    public Path directory() {
        return dir.path();
    }

    /**
     * Writes one commit group (records {@code size() .. size() + n - 1}) and {@code fsync}s it. Once
     * this returns the entries are durable. Single writer only. After an I/O failure the store
     * refuses further appends: what reached the disk is unknown until the next recovery.
     *
     * @return the index of the first entry
     */
    public long appendGroup(List<byte[]> payloads) throws IOException {
        if (failed) {
            throw new IOException("the log storage failed earlier; reopen the log to recover");
        }
        if (payloads.isEmpty()) {
            return size;
        }
        long first = size;
        int bytes = 0;
        for (byte[] p : payloads) {
            bytes = Math.addExact(bytes, RecordFormat.size(p.length));
        }
        try {
            Segment segment = segments.get(segments.size() - 1);
            if (segment.count() > 0 && segment.end() + bytes > segmentSize) {
                // Groups never span segments, so only the last segment can hold a torn group.
                segment = dir.createSegment(first, logId);
                segments.add(segment);
            }
            ByteBuffer buffer = ByteBuffer.allocate(bytes);
            long[] ends = new long[payloads.size()];
            long position = segment.end();
            for (int i = 0; i < payloads.size(); i++) {
                RecordFormat.encode(buffer, first + i, first, i == payloads.size() - 1, payloads.get(i));
                position += RecordFormat.size(payloads.get(i).length);
                ends[i] = position;
            }
            buffer.flip();
            segment.writeAndSync(buffer);
            for (long end : ends) {
                segment.addRecord(end);
            }
            size = first + payloads.size();
            return first;
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    /** The payload (leaf data) of entry {@code index < size()}, checked against its checksum and index. */
    public byte[] read(long index) throws LogException {
        Segment segment = segmentOf(index);
        try {
            Decoded record = segment.read(index);
            if (record.status() != Status.INTACT || record.index() != index) {
                throw new LogException(Reason.CORRUPT, "record " + index + " in " + segment.path().getFileName()
                        + " no longer matches its checksum or index");
            }
            return record.payload();
        } catch (IOException e) {
            throw new LogException(Reason.UNAVAILABLE, "cannot read record " + index, e);
        }
    }

    private Segment segmentOf(long index) throws LogException {
        if (index < 0 || index >= size) {
            throw new LogException(Reason.NOT_FOUND, "no entry " + index + " (size " + size + ")");
        }
        List<Segment> all = segments;
        int lo = 0;
        int hi = all.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (all.get(mid).firstIndex() <= index) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return all.get(lo);
    }

    /** Number of segment files. */
    public int segmentCount() {
        return segments.size();
    }

    @Override
    public void close() {
        for (Segment s : segments) {
            try {
                s.close();
            } catch (IOException e) {
                // Every write was already fsync'd; nothing is lost by a failed close.
            }
        }
        dir.close();
    }
}
