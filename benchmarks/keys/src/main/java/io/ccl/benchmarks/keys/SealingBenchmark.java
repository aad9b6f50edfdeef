package io.ccl.benchmarks.keys;

import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.local.LocalKeyStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * AES-256-GCM sealing through {@link LocalKeyStorage#encrypt} against the bare JCA operation the
 * store performs underneath: {@code Cipher.getInstance("AES/GCM/NoPadding", "SunJCE")}, a random
 * 96-bit IV from {@link SecureRandom}, 16 bytes of AAD, {@code doFinal}. The difference is the
 * store's own work: open-store and per-key read locks, metadata and material lookup, version
 * check, the 5-byte header and the AAD concatenation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SealingBenchmark {
    private static final String KEY = "bench";
    private static final byte[] AAD = "job-0123456789ab".getBytes(StandardCharsets.US_ASCII);

    @Param({"1024", "65536"})
    public int size;

    private Path dir;
    private LocalKeyStorage store;
    private SecretKey bareKey;
    private final SecureRandom random = new SecureRandom();
    private byte[] plaintext;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("ccl-bench-keys");
        store = new LocalKeyStorage(dir, null, Clock.systemUTC());
        store.createKey(KEY, KeyAlgorithm.AES_256_GCM, EnumSet.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT));
        byte[] keyBytes = new byte[32];
        random.nextBytes(keyBytes);
        bareKey = new SecretKeySpec(keyBytes, "AES");
        plaintext = new byte[size];
        random.nextBytes(plaintext);
        if (!Arrays.equals(plaintext, store.decrypt(KEY, localStore(), AAD))) {
            throw new IllegalStateException("the store does not round-trip");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public byte[] localStore() throws Exception {
        return store.encrypt(KEY, plaintext, AAD);
    }

    @Benchmark
    public byte[] bareJca() throws GeneralSecurityException {
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
        cipher.init(Cipher.ENCRYPT_MODE, bareKey, new GCMParameterSpec(128, iv));
        cipher.updateAAD(AAD);
        byte[] out = new byte[12 + plaintext.length + 16];
        System.arraycopy(iv, 0, out, 0, 12);
        cipher.doFinal(plaintext, 0, plaintext.length, out, 12);
        return out;
    }
}
