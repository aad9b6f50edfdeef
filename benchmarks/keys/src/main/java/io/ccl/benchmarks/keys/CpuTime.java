package io.ccl.benchmarks.keys;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The benchmarks' operations measured in CPU time of the measuring thread instead of wall time:
 * on a shared, loaded machine CPU time per operation stays comparable when JMH's wall-clock error
 * bars do not. Run after {@code mvn package}:
 * {@code java -cp target/classes:$(cat target/cp.txt) io.ccl.benchmarks.keys.CpuTime}.
 */
public final class CpuTime {
    private CpuTime() {
    }

    public static void main(String[] args) throws Exception {
        SealingBenchmark small = sealing(1024);
        SealingBenchmark large = sealing(65536);
        ReleaseBenchmark release = new ReleaseBenchmark();
        release.setUp();
        Map<String, Callable<Object>> ops = new LinkedHashMap<>();
        ops.put("sealing 1 KiB localStore", small::localStore);
        ops.put("sealing 1 KiB bareJca", small::bareJca);
        ops.put("sealing 64 KiB localStore", large::localStore);
        ops.put("sealing 64 KiB bareJca", large::bareJca);
        ops.put("release brokerRelease", release::brokerRelease);
        ops.put("release bareJwe", release::bareJwe);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Double> micros = new LinkedHashMap<>();
        for (int round = 0; round < 3; round++) {
            for (Map.Entry<String, Callable<Object>> op : ops.entrySet()) {
                int n = op.getKey().startsWith("release") ? 2_000 : op.getKey().contains("64 KiB") ? 5_000 : 50_000;
                for (int i = 0; i < n / 2; i++) {
                    op.getValue().call();
                }
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    op.getValue().call();
                }
                micros.put(op.getKey(), (threads.getCurrentThreadCpuTime() - start) / 1000.0 / n);
            }
        }
        small.tearDown();
        large.tearDown();
        release.tearDown();
        micros.forEach((name, us) -> System.out.printf("%-28s %10.2f us CPU/op%n", name, us));
        System.out.printf("local/bare 1 KiB = %.2f, 64 KiB = %.2f, broker/bare JWE = %.2f%n",
                micros.get("sealing 1 KiB localStore") / micros.get("sealing 1 KiB bareJca"),
                micros.get("sealing 64 KiB localStore") / micros.get("sealing 64 KiB bareJca"),
                micros.get("release brokerRelease") / micros.get("release bareJwe"));
    }

    private static SealingBenchmark sealing(int size) throws Exception {
        SealingBenchmark b = new SealingBenchmark();
        b.size = size;
        b.setUp();
        return b;
    }
}
