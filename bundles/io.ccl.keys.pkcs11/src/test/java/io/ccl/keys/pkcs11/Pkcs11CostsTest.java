package io.ccl.keys.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.pkcs11.token.TokenSessions;
import java.util.EnumSet;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Measures what the store costs on SoftHSM2 and prints it (the README's figures come from here).
 * Nothing is asserted about time: only that every operation did its job.
 */
class Pkcs11CostsTest {
    @FunctionalInterface
    private interface Op {
        void run(int i) throws Exception;
    }

    @FunctionalInterface
    private interface Warm {
        void run() throws Exception;
    }

    @Test
    void measure() throws Exception {
        SoftHsmToken token = SoftHsmToken.get();
        StringBuilder report = new StringBuilder("\nPKCS#11 store on SoftHSM2, ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores\n");

        long t0 = System.nanoTime();
        TokenSessions login = TokenSessions.open(token.settings("costs"));
        long openLogin = System.nanoTime() - t0;
        login.close();
        line(report, "load module + C_Initialize + select token + C_Login (library not yet initialised)", openLogin / 1e3, 1);

        String namespace = SoftHsmToken.freshNamespace();
        t0 = System.nanoTime();
        Pkcs11KeyStorage store = token.open(namespace);
        line(report, "store open: the above + metadata scan and sweep of the whole token", (System.nanoTime() - t0) / 1e3, 1);
        try {
            t0 = System.nanoTime();
            try (Pkcs11KeyStorage second = token.newStore()) {
                line(report, "second store open, library already initialised", (System.nanoTime() - t0) / 1e3, 1);
                assertTrue(second.listKeys().isEmpty());
            }
            EnumSet<KeyPurpose> aes = EnumSet.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT, KeyPurpose.WRAP, KeyPurpose.UNWRAP);
            time(report, "createKey AES-256 (C_GenerateKey + metadata object)", 20, i -> store.createKey("aes" + i, KeyAlgorithm.AES_256_GCM, aes));
            time(report, "createKey EC P-256 (C_GenerateKeyPair + metadata)", 20,
                    i -> store.createKey("p256-" + i, KeyAlgorithm.EC_P256, EnumSet.of(KeyPurpose.SIGN, KeyPurpose.VERIFY)));
            store.createKey("p384", KeyAlgorithm.EC_P384, EnumSet.of(KeyPurpose.SIGN, KeyPurpose.VERIFY));
            time(report, "rotateKey AES (new key + metadata generation)", 20, i -> store.rotateKey("aes0"));

            byte[] small = new byte[64];
            byte[] large = new byte[64 * 1024];
            byte[] aad = {1, 2, 3, 4};
            warmUp(() -> store.decrypt("aes1", store.encrypt("aes1", small, aad), aad), 300);
            byte[] ct = store.encrypt("aes1", small, aad);
            time(report, "encrypt 64 B (AES-256-GCM in the token)", 2000, i -> store.encrypt("aes1", small, aad));
            time(report, "decrypt 64 B", 2000, i -> store.decrypt("aes1", ct, aad));
            byte[] ctLarge = store.encrypt("aes1", large, aad);
            time(report, "encrypt 64 KiB", 200, i -> store.encrypt("aes1", large, aad));
            time(report, "decrypt 64 KiB", 200, i -> store.decrypt("aes1", ctLarge, aad));
            byte[] wrapped = store.wrap("aes1", Pkcs11KeysTest.secret(new byte[32]));
            time(report, "wrap 32 B key (C_CreateObject + C_WrapKey + C_DestroyObject)", 500,
                    i -> store.wrap("aes1", Pkcs11KeysTest.secret(new byte[32])));
            time(report, "unwrap 32 B key", 500, i -> store.unwrap("aes1", wrapped));
            time(report, "generateDataKey", 500, i -> store.generateDataKey("aes1"));

            byte[] data = "a receipt to sign".getBytes();
            byte[] der256 = store.sign("p256-0", data).der();
            byte[] der384 = store.sign("p384", data).der();
            warmUp(() -> store.sign("p256-0", data), 100);
            time(report, "sign ECDSA P-256 (SHA-256 in the JVM, CKM_ECDSA in the token)", 500, i -> store.sign("p256-0", data));
            time(report, "verify ECDSA P-256 (in the token)", 500, i -> assertTrue(store.verify("p256-0", 1, data, der256)));
            time(report, "sign ECDSA P-384", 300, i -> store.sign("p384", data));
            time(report, "verify ECDSA P-384", 300, i -> assertTrue(store.verify("p384", 1, data, der384)));
            time(report, "publicKey (CKA_EC_POINT -> SPKI)", 500, i -> store.publicKey("p256-0", 1));

            ResourcePath path = new ResourcePath("costs", "secret", "s");
            time(report, "putSecret 32 B (value object + metadata generation)", 100,
                    i -> store.putSecret(path, Pkcs11KeysTest.secret(new byte[32]), OptionalInt.empty()));
            time(report, "getSecret", 1000, i -> store.getSecret(path).orElseThrow());

            int threads = 4;
            int perThread = 1000;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                t0 = System.nanoTime();
                Future<?>[] futures = new Future<?>[threads];
                for (int t = 0; t < threads; t++) {
                    futures[t] = pool.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            store.encrypt("aes1", small, aad);
                        }
                        return null;
                    });
                }
                for (Future<?> f : futures) {
                    f.get(5, TimeUnit.MINUTES);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                report.append(String.format(Locale.ROOT, "  %-78s %10.0f ops/s%n", "encrypt 64 B, 4 threads, pool of 4 sessions",
                        threads * perThread / seconds));
            } finally {
                pool.shutdownNow();
            }
            assertArrayEquals(small, store.decrypt("aes1", ct, aad));
        } finally {
            store.close();
        }
        System.out.println(report);
    }

    private static void warmUp(Warm op, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            op.run();
        }
    }

    private static void time(StringBuilder report, String what, int n, Op op) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            op.run(i);
        }
        line(report, what, (System.nanoTime() - start) / 1e3 / n, n);
    }

    private static void line(StringBuilder report, String what, double micros, int n) {
        report.append(String.format(Locale.ROOT, "  %-78s %10.1f µs/op  (n=%d)%n", what, micros, n));
    }
}
