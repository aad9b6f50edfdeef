package io.ccl.receipts.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccl.receipts.api.LogEntry;
import io.ccl.receipts.api.MerkleVerifier;
import io.ccl.receipts.api.NewEntry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM ({@link CrashAppender}, four appending threads) with SIGKILL at random moments,
 * twelve times over the same log. After each kill the log must open, hold every acknowledged entry
 * intact at its acknowledged index, hold nothing but well-formed entries of the children (no torn
 * record survives), keep each thread's entries in order and each batch whole, and extend the tree
 * that was verified after the previous kill (consistency of the roots across crashes).
 *
 * <p>A SIGKILL loses the process, not the page cache, so power-loss durability rests on the
 * {@code fsync} before each acknowledgement, which this test cannot observe; torn tails of the kind
 * a power loss leaves are covered by {@code RecoveryTest}.
 */
class CrashRecoveryTest {
    private static final int KILLS = 12;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** One acknowledged entry. */
    private record Ack(int run, int thread, long seq) {
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void killedAppenderNeverLosesAcknowledgedEntries() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path log = dir.resolve("log");
        Map<Long, Ack> acked = new ConcurrentHashMap<>();
        long verifiedSize = 0;
        byte[] verifiedRoot = MerkleVerifier.emptyRoot();
        int totalAcks = 0;
        int tears = 0;
        for (int run = 0; run < KILLS; run++) {
            int before = acked.size();
            Path stderr = dir.resolve("child-" + run + ".err");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx96m", "-cp", System.getProperty("java.class.path"),
                    CrashAppender.class.getName(), log.toString(), Integer.toString(run))
                    .redirectError(stderr.toFile()).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            int thisRun = run;
            String first = out.readLine();
            assertNotNull(first, () -> "child produced no acknowledgement (seed " + seed + "): " + read(stderr));
            record(acked, first, thisRun);
            Thread reader = new Thread(() -> out.lines().forEach(l -> record(acked, l, thisRun)));
            reader.start();
            Thread.sleep(30 + random.nextInt(400));
            child.toHandle().destroyForcibly();
            child.waitFor();
            reader.join();
            assertTrue(acked.size() > before);
            totalAcks += acked.size() - before;
            if (random.nextBoolean()) {
                tearTail(log, random); // as if the kill had cut the next write short
                tears++;
            }

            try (FileTransparencyLog reopened = new FileTransparencyLog(log, FileTransparencyLogTest.SETTINGS, Clock.systemUTC())) {
                long size = reopened.size();
                verify(reopened, acked, seed);
                assertArrayEquals(verifiedRoot, reopened.rootHash(verifiedSize),
                        "the log after kill " + run + " extends the log verified before it (seed " + seed + ")");
                verifiedSize = size;
                verifiedRoot = reopened.rootHash(size);
            }
        }
        assertTrue(totalAcks >= KILLS, "acknowledged " + totalAcks);
        long torn;
        try (java.util.stream.Stream<Path> files = Files.list(log)) {
            torn = files.filter(p -> p.getFileName().toString().startsWith("torn-")).count();
        }
        assertTrue(torn >= tears, torn + " torn tails saved, " + tears + " made");
        System.out.println("CrashRecoveryTest: " + KILLS + " kills, " + totalAcks + " acknowledged entries, log size "
                + verifiedSize + ", torn tails cut: " + torn + " (" + tears + " made by the test) (seed " + seed + ")");
    }

    /** Appends the first 1..n-1 bytes of an encoded record to the last segment. */
    private static void tearTail(Path log, Random random) throws java.io.IOException {
        Path last;
        try (java.util.stream.Stream<Path> files = Files.list(log)) {
            last = files.filter(p -> p.toString().endsWith(".seg")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        byte[] payload = new byte[300];
        random.nextBytes(payload);
        java.nio.ByteBuffer record = java.nio.ByteBuffer.allocate(io.ccl.receipts.log.segment.RecordFormat.size(300));
        io.ccl.receipts.log.segment.RecordFormat.encode(record, 1L << 40, 1L << 40, true, payload);
        byte[] torn = java.util.Arrays.copyOf(record.array(), 1 + random.nextInt(record.capacity() - 1));
        Files.write(last, torn, java.nio.file.StandardOpenOption.APPEND);
    }

    private static void record(Map<Long, Ack> acked, String line, int run) {
        if (line.startsWith("ACK ")) {
            String[] p = line.split(" ");
            Ack previous = acked.put(Long.parseLong(p[1]), new Ack(run, Integer.parseInt(p[2]), Long.parseLong(p[3])));
            if (previous != null) {
                throw new AssertionError("index " + p[1] + " acknowledged twice");
            }
        }
    }

    private static void verify(FileTransparencyLog log, Map<Long, Ack> acked, long seed) throws Exception {
        long size = log.size();
        for (Map.Entry<Long, Ack> a : acked.entrySet()) {
            long index = a.getKey();
            assertTrue(index < size, () -> "acknowledged entry " + index + " lost; log size " + size + " (seed " + seed + ")");
        }
        // Every entry present, acknowledged or not, is a whole entry some child wrote, and a thread's
        // entries appear in the order it appended them, batches complete and consecutive.
        Map<String, Long> lastSeq = new HashMap<>();
        for (long i = 0; i < size; i++) {
            LogEntry e = log.entry(i);
            JsonNode c = JSON.readTree(e.content());
            int run = c.get("run").asInt();
            int thread = c.get("thread").asInt();
            long seq = c.get("seq").asLong();
            long batch = c.get("batch").asLong();
            NewEntry expected = NewEntry.of("audit", CrashAppender.content(run, thread, seq, batch));
            assertArrayEquals(expected.content(), e.content(), "entry " + i + " (seed " + seed + ")");
            Ack ack = acked.get(i);
            if (ack != null) {
                assertEquals(ack, new Ack(run, thread, seq), "acknowledged entry " + i + " (seed " + seed + ")");
            }
            String key = run + "/" + thread;
            Long last = lastSeq.put(key, seq);
            assertTrue(last == null ? seq == 0 : seq == last + 1,
                    "thread " + key + " seq " + seq + " after " + last + " at " + i + " (seed " + seed + ")");
            if (batch >= 0 && seq == batch) {
                for (int part = 1; part < 3; part++) {
                    long at = i + part;
                    assertTrue(at < size, "batch at " + i + " cut short (seed " + seed + ")");
                    JsonNode next = JSON.readTree(log.entry(at).content());
                    assertEquals(batch, next.get("batch").asLong(), "batch at " + i + " interleaved (seed " + seed + ")");
                    assertEquals(seq + part, next.get("seq").asLong());
                }
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "(no stderr)";
        }
    }
}
