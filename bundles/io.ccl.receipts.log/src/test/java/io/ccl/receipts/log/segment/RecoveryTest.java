package io.ccl.receipts.log.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.receipts.api.LogEntry;
import io.ccl.receipts.api.LogException;
import io.ccl.receipts.api.LogException.Reason;
import io.ccl.receipts.api.NewEntry;
import io.ccl.receipts.log.FileTransparencyLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage made by hand: torn tails are cut off at the start of their commit group (and saved), damage
 * anywhere else makes the log refuse to open and leaves every file as it was.
 */
class RecoveryTest {
    static final FileTransparencyLog.Settings SETTINGS =
            new FileTransparencyLog.Settings(1 << 20, Duration.ZERO, 1 << 20, 10_000, Duration.ZERO, Duration.ZERO);

    @TempDir
    Path dir;

    static NewEntry entry(int n) {
        return NewEntry.of("audit", Map.of("action", "job.run", "n", n));
    }

    FileTransparencyLog open() throws LogException {
        return new FileTransparencyLog(dir, SETTINGS, Clock.systemUTC());
    }

    /** Writes {@code singles} one-entry commits, then (if {@code batch > 0}) one batch; returns what was written. */
    List<LogEntry> write(int singles, int batch) throws LogException {
        List<LogEntry> written = new ArrayList<>();
        try (FileTransparencyLog log = open()) {
            for (int i = 0; i < singles; i++) {
                written.add(log.append(entry(i)));
            }
            if (batch > 0) {
                List<NewEntry> b = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    b.add(entry(1000 + i));
                }
                written.addAll(log.appendAll(b));
            }
        }
        return written;
    }

    Path segment(long first) {
        return dir.resolve(String.format("%020d.seg", first));
    }

    /** Start offsets of the records of a segment, and its length as the last element. */
    static List<Long> offsets(Path segment) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        List<Long> out = new ArrayList<>();
        int p = SegmentHeader.SIZE;
        while (p < bytes.length) {
            out.add((long) p);
            p += RecordFormat.HEADER + ByteBuffer.wrap(bytes, p + 24, 4).getInt();
        }
        out.add((long) bytes.length);
        return out;
    }

    /** Reopens, checks the log holds exactly {@code expected}, that it still appends, and reopens again. */
    void assertRecoveredTo(List<LogEntry> expected) throws Exception {
        try (FileTransparencyLog log = open()) {
            assertEquals(expected.size(), log.size());
            for (LogEntry e : expected) {
                assertEquals(e, log.entry(e.index()));
            }
            assertEquals(expected.size(), log.append(entry(5000)).index());
        }
        try (FileTransparencyLog log = open()) {
            assertEquals(expected.size() + 1, log.size());
        }
    }

    List<Path> tornFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("torn-")).toList();
        }
    }

    void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    void appendBytes(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.APPEND);
    }

    void flip(Path file, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) offset] ^= 0x20;
        Files.write(file, bytes);
    }

    void assertRefusedUntouched(String messagePart) throws IOException {
        List<byte[]> before = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
        for (Path f : files) {
            before.add(Files.readAllBytes(f));
        }
        LogException e = assertThrows(LogException.class, this::open);
        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
        for (int i = 0; i < files.size(); i++) {
            assertArrayEquals(before.get(i), Files.readAllBytes(files.get(i)), "a refused log is left as it was");
        }
        assertEquals(List.of(), tornFiles());
    }

    // --- torn tails -------------------------------------------------------------------------------

    @Test
    void recordCutOffInItsPayloadIsTornTail() throws Exception {
        List<LogEntry> written = write(12, 0);
        List<Long> off = offsets(segment(0));
        long lastStart = off.get(off.size() - 2);
        truncate(segment(0), off.get(off.size() - 1) - 10);
        assertRecoveredTo(written.subList(0, 11));
        List<Path> torn = tornFiles();
        assertEquals(1, torn.size());
        assertEquals("torn-00000000000000000000-" + lastStart + ".bin", torn.get(0).getFileName().toString());
        assertEquals(off.get(off.size() - 1) - 10 - lastStart, Files.size(torn.get(0)), "the cut bytes are kept");
    }

    @Test
    void recordCutOffInItsHeaderIsTornTail() throws Exception {
        List<LogEntry> written = write(12, 0);
        List<Long> off = offsets(segment(0));
        truncate(segment(0), off.get(off.size() - 2) + 10);
        assertRecoveredTo(written.subList(0, 11));
    }

    @Test
    void garbageOrZerosAfterTheLastRecordAreTornTail() throws Exception {
        List<LogEntry> written = write(7, 0);
        appendBytes(segment(0), "not a record at all, just noise".getBytes());
        assertRecoveredTo(written);
        appendBytes(segment(0), new byte[4096]);
        try (FileTransparencyLog log = open()) {
            assertEquals(8, log.size(), "the zeros were cut; the entry appended by the last check is kept");
        }
        assertEquals(2, tornFiles().size());
    }

    @Test
    void batchIsAllOrNothing() throws Exception {
        List<LogEntry> written = write(4, 6);
        List<Long> off = offsets(segment(0));
        // Cut exactly after the third record of the batch: every remaining record is intact, but the
        // group lacks its last record, so the whole batch goes.
        truncate(segment(0), off.get(4 + 3));
        assertRecoveredTo(written.subList(0, 4));
    }

    @Test
    void damageInsideTheLastGroupCutsTheWholeGroup() throws Exception {
        List<LogEntry> written = write(4, 6);
        List<Long> off = offsets(segment(0));
        // The batch's first record is damaged, its five others are intact and name the same group:
        // that is what a torn multi-page write looks like, so the group goes (see README, limits).
        flip(segment(0), off.get(4) + RecordFormat.HEADER + 3);
        assertRecoveredTo(written.subList(0, 4));
    }

    @Test
    void leftoverTemporaryFilesAreRemoved() throws Exception {
        List<LogEntry> written = write(3, 0);
        Files.write(dir.resolve(".tmp-0123456789abcdef"), new byte[64]);
        assertRecoveredTo(written);
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".tmp-")));
        }
    }

    // --- damage in the middle: fail closed -----------------------------------------------------------

    @Test
    void damagedRecordInTheMiddleFailsClosed() throws Exception {
        write(20, 0);
        List<Long> off = offsets(segment(0));
        flip(segment(0), off.get(5) + RecordFormat.HEADER + 2);
        assertRefusedUntouched("damaged record at offset " + off.get(5));
    }

    @Test
    void damagedLengthFieldInTheMiddleFailsClosed() throws Exception {
        write(20, 0);
        List<Long> off = offsets(segment(0));
        byte[] bytes = Files.readAllBytes(segment(0));
        ByteBuffer.wrap(bytes).putInt((int) (off.get(3) + 24), 900_000);
        Files.write(segment(0), bytes);
        assertRefusedUntouched("damaged in the middle");
    }

    @Test
    void damagedLastRecordOfAGroupFollowedByLaterGroupsFailsClosed() throws Exception {
        write(2, 5);
        try (FileTransparencyLog log = open()) {
            log.append(entry(77));
        }
        List<Long> off = offsets(segment(0));
        flip(segment(0), off.get(2 + 4) + 12); // index field of the batch's last record
        assertRefusedUntouched("followed by the intact record of index 7");
    }

    @Test
    void removedRecordFailsClosed() throws Exception {
        write(10, 0);
        List<Long> off = offsets(segment(0));
        byte[] bytes = Files.readAllBytes(segment(0));
        byte[] spliced = new byte[bytes.length - (int) (off.get(5) - off.get(4))];
        System.arraycopy(bytes, 0, spliced, 0, off.get(4).intValue());
        System.arraycopy(bytes, off.get(5).intValue(), spliced, off.get(4).intValue(), bytes.length - off.get(5).intValue());
        Files.write(segment(0), spliced);
        assertRefusedUntouched("has index 5");
    }

    @Test
    void damageInAnEarlierSegmentFailsClosed() throws Exception {
        writeSegments();
        List<Long> off = offsets(segment(0));
        flip(segment(0), off.get(off.size() - 2) + RecordFormat.HEADER + 5);
        assertRefusedUntouched("00000000000000000000.seg: damaged record");
    }

    @Test
    void missingSegmentFailsClosed() throws Exception {
        List<Path> segments = writeSegments();
        Files.delete(segments.get(1));
        assertRefusedUntouched("missing or extra segment");
    }

    @Test
    void truncatedEarlierSegmentFailsClosed() throws Exception {
        writeSegments();
        List<Long> off = offsets(segment(0));
        truncate(segment(0), off.get(off.size() - 2));
        assertRefusedUntouched("missing or extra segment");
    }

    @Test
    void damagedSegmentHeaderFailsClosed() throws Exception {
        write(3, 0);
        flip(segment(0), 20);
        assertRefusedUntouched("segment header is damaged");
    }

    @Test
    void segmentOfAnotherLogFailsClosed() throws Exception {
        List<Path> segments = writeSegments();
        Path other = dir.resolve("another-log");
        try (FileTransparencyLog log = new FileTransparencyLog(other, SETTINGS, Clock.systemUTC())) {
            String big = "z".repeat(200_000);
            for (int i = 0; i < 12; i++) {
                log.append(NewEntry.of("audit", Map.of("n", i, "blob", big)));
            }
        }
        Path last = segments.get(segments.size() - 1);
        Files.copy(other.resolve(last.getFileName()), last, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertRefusedUntouched("belongs to another log");
    }

    /** Three or more 1 MiB segments; returns their paths in order. */
    List<Path> writeSegments() throws Exception {
        try (FileTransparencyLog log = open()) {
            String big = "y".repeat(200_000);
            for (int i = 0; i < 12; i++) {
                log.append(NewEntry.of("audit", Map.of("n", i, "blob", big)));
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> segments = s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
            assertTrue(segments.size() >= 3, Arrays.toString(segments.toArray()));
            return segments;
        }
    }
}
