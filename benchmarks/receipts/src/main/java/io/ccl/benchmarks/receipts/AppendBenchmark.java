package io.ccl.benchmarks.receipts;

import io.ccl.receipts.api.LogEntry;
import io.ccl.receipts.api.NewEntry;
import io.ccl.receipts.log.FileTransparencyLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Durable appends of ~300-byte audit entries (each returns only after its fsync), from 1 and from 8
 * threads, with the default settings (commit delay 0: the next group is written as soon as the
 * previous fsync returned). {@link #bareWriteAndSync} is the floor: one 330-byte positional write
 * plus {@code FileChannel.force(false)} (fdatasync) on a plain file, single-threaded, on the same
 * file system. At teardown the log's segment files are scanned and the mean commit-group size
 * (appends per fsync) is printed.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AppendBenchmark {

    /** One log shared by all benchmark threads. */
    @State(Scope.Benchmark)
    public static class Log {
        Path dir;
        FileTransparencyLog log;
        NewEntry entry;

        @Setup(Level.Trial)
        public void open() throws Exception {
            dir = Files.createTempDirectory("ccl-bench-receipts");
            log = new FileTransparencyLog(dir, FileTransparencyLog.Settings.defaults(), Clock.systemUTC());
            entry = NewEntry.of("audit", auditEvent());
            int leaf = LogEntry.of(0, java.time.Instant.now(), entry).leafData().length;
            if (leaf < 280 || leaf > 340) {
                throw new IllegalStateException("entry is " + leaf + " bytes, meant ~300");
            }
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            long size = log.size();
            log.close();
            GroupStats.print(dir, size);
            delete(dir);
        }
    }

    /** A bare file for the fsync floor. */
    @State(Scope.Thread)
    public static class Bare {
        Path file;
        FileChannel channel;
        long position;
        final byte[] record = new byte[330];

        @Setup(Level.Trial)
        public void open() throws IOException {
            file = Files.createTempFile("ccl-bench-fsync", ".bin");
            channel = FileChannel.open(file, StandardOpenOption.WRITE);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            channel.close();
            Files.delete(file);
        }
    }

    /** A typical audit event: actor, action, target, outcome, a few names and a digest. */
    static Map<String, Object> auditEvent() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("actor", "token:ops via rest");
        m.put("action", "key.release");
        m.put("target", "default/key/orders-data-key");
        m.put("outcome", "ok");
        m.put("details", Map.of("version", "3", "tee", "sevsnp", "policy", "prod-v7",
                "ear_sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
        return m;
    }

    @Benchmark
    @Threads(1)
    public long append1Thread(Log s) throws Exception {
        return s.log.append(s.entry).index();
    }

    @Benchmark
    @Threads(8)
    public long append8Threads(Log s) throws Exception {
        return s.log.append(s.entry).index();
    }

    @Benchmark
    @Threads(1)
    public long bareWriteAndSync(Bare b) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(b.record);
        while (buffer.hasRemaining()) {
            b.position += b.channel.write(buffer, b.position);
        }
        b.channel.force(false);
        return b.position;
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
