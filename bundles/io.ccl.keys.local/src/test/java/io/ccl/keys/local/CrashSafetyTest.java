package io.ccl.keys.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.Secret;
import io.ccl.keys.local.disk.DurableFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM with SIGKILL ({@link Process#destroyForcibly()}) at random points, then
 * checks that every version the child acknowledged is readable and intact, that every visible
 * version is complete, and that nothing half-written shows. A process kill loses what is in the
 * JVM, not the page cache: power-loss durability rests on the fsync ordering, which this test
 * cannot observe.
 */
class CrashSafetyTest {
    private static final int KILLS = 5;

    @TempDir
    Path dir;

    /** One acknowledged write. */
    private record Ack(ResourcePath path, int version) {
        static Ack parse(String line) {
            String[] parts = line.split(" ");
            return new Ack(ResourcePath.parse(parts[1]), Integer.parseInt(parts[2]));
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void killedWriterNeverLosesAcknowledgedVersions() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path data = dir.resolve("store");
        List<Ack> acked = Collections.synchronizedList(new ArrayList<>());
        for (int run = 0; run < KILLS; run++) {
            int before = acked.size();
            Path stderr = dir.resolve("child-" + run + ".err");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    CrashWriter.class.getName(), data.toString(), Integer.toString(run))
                    .redirectError(stderr.toFile()).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertNotNull(first, () -> "child produced no acknowledgement (seed " + seed + "): " + read(stderr));
            acked.add(Ack.parse(first));
            Thread reader = new Thread(() -> out.lines().filter(l -> l.startsWith("ACK ")).map(Ack::parse).forEach(acked::add));
            reader.start();
            Thread.sleep(random.nextInt(400));
            child.destroyForcibly();
            child.waitFor();
            reader.join();
            assertTrue(acked.size() > before);
            verify(data, acked, seed);
        }
    }

    private static void verify(Path data, List<Ack> acked, long seed) throws Exception {
        try (LocalKeyStorage store = new LocalKeyStorage(data, null, Clock.systemUTC())) {
            for (Ack ack : List.copyOf(acked)) {
                Secret secret = store.getSecret(ack.path(), ack.version())
                        .orElseThrow(() -> new AssertionError("acknowledged " + ack + " lost (seed " + seed + ")"));
                assertArrayEquals(CrashWriter.content(ack.path(), ack.version()), secret.value().reveal(InsecureSecretAccess.get()),
                        () -> "acknowledged " + ack + " corrupted (seed " + seed + ")");
            }
            // Every visible version, acknowledged or not, is complete, and versions have no gaps.
            for (ResourcePath path : store.listSecrets()) {
                int latest = store.getSecret(path).orElseThrow().version();
                for (int v = 1; v <= latest; v++) {
                    Secret secret = store.getSecret(path, v).orElseThrow(AssertionError::new);
                    assertArrayEquals(CrashWriter.content(path, v), secret.value().reveal(InsecureSecretAccess.get()));
                }
            }
        }
        try (Stream<Path> files = Files.walk(data)) {
            assertEquals(0, files.filter(DurableFiles::isTemp).count(), "temporary files were cleaned at open");
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
