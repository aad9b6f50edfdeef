package io.ccl.benchmarks.receipts;

import io.ccl.receipts.api.NewEntry;
import io.ccl.receipts.log.FileTransparencyLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Not JMH: writes N distinct ~300-byte entries (batches of 1000), closes the log, and times
 * reopening it three times (scan, checksum and re-hash every record, rebuild the tree and the leaf
 * index) with the segment files in the page cache. Usage: {@code RecoveryTiming [N]}.
 */
public final class RecoveryTiming {
    private RecoveryTiming() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("ccl-bench-recovery");
        try {
            long t0 = System.nanoTime();
            try (FileTransparencyLog log = new FileTransparencyLog(dir, FileTransparencyLog.Settings.defaults(), Clock.systemUTC())) {
                List<NewEntry> batch = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    java.util.Map<String, Object> event = AppendBenchmark.auditEvent();
                    event.put("target", "default/key/orders-" + i); // distinct entries, distinct leaf hashes
                    batch.add(NewEntry.of("audit", event));
                    if (batch.size() == 1000 || i == n - 1) {
                        log.appendAll(batch);
                        batch.clear();
                    }
                }
            }
            long written = System.nanoTime();
            long bytes;
            try (var files = Files.list(dir)) {
                bytes = files.mapToLong(p -> p.toFile().length()).sum();
            }
            for (int round = 0; round < 3; round++) {
                System.gc();
                long heapBefore = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
                long open = System.nanoTime();
                try (FileTransparencyLog log = new FileTransparencyLog(dir, FileTransparencyLog.Settings.defaults(), Clock.systemUTC())) {
                    long opened = System.nanoTime();
                    System.gc();
                    long heapAfter = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
                    System.out.printf("reopen %d: %d entries, %d MiB on disk, recovered in %d ms; heap +%d MiB%n", round,
                            log.size(), bytes >> 20, (opened - open) / 1_000_000, (heapAfter - heapBefore) >> 20);
                }
            }
            System.out.printf("writing %d entries in batches of 1000 took %d ms%n", n, (written - t0) / 1_000_000);
        } finally {
            AppendBenchmark.delete(dir);
        }
    }
}
