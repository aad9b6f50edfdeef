package io.ccl.keys.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyVersion;
import io.ccl.keys.api.KeyVersionState;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.Secret;
import io.ccl.keys.local.disk.DurableFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing (or rotating) child JVM with SIGKILL ({@link Process#destroyForcibly()}) at random points, then
 * checks that every version the child acknowledged is readable and intact, that every visible
 * version is complete, and that nothing half-written shows. A process kill loses what is in the
 * JVM, not the page cache: power-loss durability rests on the fsync ordering, which this test
 * cannot observe.
 */
class CrashSafetyTest {
    private static final int KILLS = 5;
    private static final int ROTATION_KILLS = 12;

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
            kill(child);
            reader.join();
            assertTrue(acked.size() > before);
            verify(data, acked, seed);
        }
    }

    /**
     * Kills a child that rotates one key over and over, many times. After each kill the store must
     * open; the key's versions must be 1..n with only the newest ACTIVE; n must be the last
     * acknowledged version or the one whose rotation was under way; every version must decrypt the
     * ciphertext made under it before the kill; and the newest must encrypt (its material is
     * complete). The next run then rotates over whatever material the kill left unnamed.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void killedRotationNeverLosesOrHalfWritesAVersion() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path data = dir.resolve("rotating");
        Map<Integer, byte[]> ciphertexts = new ConcurrentHashMap<>();
        AtomicInteger acknowledged = new AtomicInteger();
        for (int run = 0; run < ROTATION_KILLS; run++) {
            Path stderr = dir.resolve("rotator-" + run + ".err");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    CrashRotator.class.getName(), data.toString())
                    .redirectError(stderr.toFile()).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            Consumer<String> record = line -> {
                String[] parts = line.split(" ");
                int version = Integer.parseInt(parts[1]);
                if (parts[0].equals("CT")) {
                    ciphertexts.putIfAbsent(version, Base64.getDecoder().decode(parts[2]));
                }
                acknowledged.accumulateAndGet(version, Math::max);
            };
            String first = out.readLine();
            assertNotNull(first, () -> "rotator produced nothing (seed " + seed + "): " + read(stderr));
            record.accept(first);
            Thread reader = new Thread(() -> out.lines().forEach(record));
            reader.start();
            Thread.sleep(random.nextInt(300));
            kill(child);
            reader.join();
            verifyRotation(data, ciphertexts, acknowledged.get(), seed);
        }
    }

    private static void verifyRotation(Path data, Map<Integer, byte[]> ciphertexts, int acknowledged, long seed) throws Exception {
        try (LocalKeyStorage store = new LocalKeyStorage(data, null, Clock.systemUTC())) {
            KeyInfo info = store.keyInfo(CrashRotator.KEY).orElseThrow(() -> new AssertionError("key lost (seed " + seed + ")"));
            int newest = info.latestVersion();
            assertTrue(newest == acknowledged || newest == acknowledged + 1,
                    () -> "newest version " + newest + " after acknowledging " + acknowledged + " (seed " + seed + ")");
            for (KeyVersion v : info.versions()) {
                KeyVersionState expected = v.version() == newest ? KeyVersionState.ACTIVE : KeyVersionState.DECRYPT_ONLY;
                assertEquals(expected, v.state(), () -> "state of version " + v.version() + " (seed " + seed + ")");
                byte[] ct = ciphertexts.get(v.version());
                if (ct != null) {
                    assertArrayEquals(CrashRotator.plaintext(v.version()), store.decrypt(CrashRotator.KEY, ct, null),
                            () -> "version " + v.version() + " no longer decrypts (seed " + seed + ")");
                }
            }
            assertTrue(ciphertexts.keySet().stream().allMatch(v -> v <= newest), "a version with a ciphertext vanished");
            byte[] fresh = store.encrypt(CrashRotator.KEY, CrashRotator.plaintext(0), null);
            assertEquals(newest, ByteBuffer.wrap(fresh, 1, 4).getInt(), "new encryptions use the newest version");
            assertArrayEquals(CrashRotator.plaintext(0), store.decrypt(CrashRotator.KEY, fresh, null));
        }
        try (Stream<Path> files = Files.walk(data)) {
            assertEquals(0, files.filter(DurableFiles::isTemp).count(), "temporary files were cleaned at open");
        }
    }

    /** SIGKILL through the process handle, which (unlike Process.destroyForcibly) leaves the pipes open to drain. */
    private static void kill(Process child) throws InterruptedException {
        child.toHandle().destroyForcibly();
        child.waitFor();
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
