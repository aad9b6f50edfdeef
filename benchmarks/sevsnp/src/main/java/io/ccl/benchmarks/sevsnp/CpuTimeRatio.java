package io.ccl.benchmarks.sevsnp;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The benchmark's operations measured in CPU time of the measuring thread instead of wall time:
 * on a shared, loaded machine JMH's wall-clock error bars can exceed the figures, while CPU time
 * per operation stays comparable. Run after {@code mvn package}:
 * {@code java -cp target/classes:$(cat target/cp.txt) io.ccl.benchmarks.sevsnp.CpuTimeRatio}.
 */
public final class CpuTimeRatio {
    private CpuTimeRatio() {
    }

    public static void main(String[] args) throws Exception {
        SevSnpVerificationBenchmark b = new SevSnpVerificationBenchmark();
        b.setUp();
        Map<String, Callable<Object>> ops = new LinkedHashMap<>();
        ops.put("warmVerification", b::warmVerification);
        ops.put("bareBouncyCastle", b::bareBouncyCastle);
        ops.put("bareBouncyCastleLightweight", b::bareBouncyCastleLightweight);
        ops.put("bareSunEc", b::bareSunEc);
        ops.put("coldChain", b::coldChain);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Double> result = new LinkedHashMap<>();
        for (int round = 0; round < 3; round++) {
            for (Map.Entry<String, Callable<Object>> op : ops.entrySet()) {
                int n = op.getKey().equals("bareSunEc") || op.getKey().equals("coldChain") ? 300 : 2000;
                for (int i = 0; i < n / 4; i++) {
                    op.getValue().call();
                }
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    op.getValue().call();
                }
                result.put(op.getKey(), (threads.getCurrentThreadCpuTime() - start) / 1000.0 / n);
            }
        }
        result.forEach((name, micros) -> System.out.printf("%-30s %9.1f us CPU/op%n", name, micros));
        System.out.printf("warm / bare BouncyCastle = %.2f%n", result.get("warmVerification") / result.get("bareBouncyCastle"));
    }
}
