package io.ccl.receipts.log;

import io.ccl.receipts.api.LogEntry;
import io.ccl.receipts.api.NewEntry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Child process of {@link CrashRecoveryTest}: four threads append to the log until the process is
 * killed, every seventh time a batch of three, and print {@code ACK <index> <thread> <seq>} for each
 * entry once its append returned. The content of an entry is a function of (run, thread, seq) only.
 */
public final class CrashAppender {
    static final int THREADS = 4;

    private CrashAppender() {
    }

    /** The content of entry (run, thread, seq); {@code batch} is the seq of the batch's first entry or -1. */
    static Map<String, Object> content(int run, int thread, long seq, long batch) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", run);
        m.put("thread", thread);
        m.put("seq", seq);
        m.put("batch", batch);
        m.put("pad", ("r" + run + "t" + thread + "s" + seq + "-").repeat(12));
        return m;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int run = Integer.parseInt(args[1]);
        FileTransparencyLog log = new FileTransparencyLog(dir,
                new FileTransparencyLog.Settings(1 << 20, Duration.ZERO, 1 << 20, 100_000, Duration.ZERO, Duration.ZERO), Clock.systemUTC());
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                try {
                    for (long seq = 0; ; seq++) {
                        if (seq % 7 == 6) {
                            List<LogEntry> done = log.appendAll(List.of(
                                    NewEntry.of("audit", content(run, thread, seq, seq)),
                                    NewEntry.of("audit", content(run, thread, seq + 1, seq)),
                                    NewEntry.of("audit", content(run, thread, seq + 2, seq))));
                            for (int i = 0; i < 3; i++) {
                                ack(done.get(i).index(), thread, seq + i);
                            }
                            seq += 2;
                        } else {
                            ack(log.append(NewEntry.of("audit", content(run, thread, seq, -1))).index(), thread, seq);
                        }
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                    System.exit(3);
                }
            });
            worker.start();
        }
    }

    private static synchronized void ack(long index, int thread, long seq) {
        System.out.println("ACK " + index + " " + thread + " " + seq);
        System.out.flush();
    }
}
