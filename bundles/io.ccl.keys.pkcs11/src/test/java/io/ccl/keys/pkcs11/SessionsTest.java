package io.ccl.keys.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_GCM;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_SECRET_KEY;

import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.pkcs11.token.TokenObjects;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.params.GCM_PARAMS;

/** The session pool: re-login, concurrent use of a small pool, sharing one module between stores. */
class SessionsTest {
    @Test
    void logsInAgainWhenTheLoginIsLost() throws Exception {
        String namespace = SoftHsmToken.freshNamespace();
        try (Pkcs11KeyStorage store = SoftHsmToken.get().open(namespace)) {
            store.createKey("k", KeyAlgorithm.AES_256_GCM, EnumSet.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT));
            byte[] ciphertext = store.encrypt("k", new byte[] {1, 2, 3}, null);

            // C_Logout ends the login of every session of this application (PKCS#11 v3.0 §5.6).
            store.sessions().call("test: logout", s -> {
                s.logout();
                return null;
            });
            assertArrayEquals(new byte[] {1, 2, 3}, store.decrypt("k", ciphertext, null), "a borrowed session logs in again");

            // A login lost in the middle of a call. SoftHSM then hides private objects (a cached handle
            // gives CKR_OBJECT_HANDLE_INVALID, a search finds nothing); the store must see a lost login,
            // log in again and run the call once more, not report the key as missing.
            String label = namespace + ":key:k:v1";
            TokenObjects objects = new TokenObjects();
            Mechanism gcm = new Mechanism(CKM_AES_GCM, new GCM_PARAMS(new byte[12], new byte[0], 128));
            for (boolean cached : new boolean[] {false, true}) {
                if (cached) {
                    store.sessions().call("test: cache the handle", s -> objects.withObject(s, CKO_SECRET_KEY, label, h -> h));
                }
                AtomicInteger attempts = new AtomicInteger();
                byte[] sealed = store.sessions().call("test: encrypt after logout", s -> {
                    if (attempts.incrementAndGet() == 1) {
                        s.logout();
                    }
                    return objects.withObject(s, CKO_SECRET_KEY, label, h -> s.encryptSingle(gcm, h, new byte[4]));
                });
                assertEquals(2, attempts.get(), "one retry after the re-login, handle cached: " + cached);
                assertEquals(4 + 16, sealed.length);
            }
            assertArrayEquals(new byte[] {1, 2, 3}, store.decrypt("k", ciphertext, null));
        }
    }

    @Test
    void manyThreadsShareASmallPool() throws Exception {
        SoftHsmToken token = SoftHsmToken.get();
        try (Pkcs11KeyStorage store = new Pkcs11KeyStorage(token.settings(SoftHsmToken.freshNamespace()).withSessions(2),
                Clock.systemUTC())) {
            store.createKey("aes", KeyAlgorithm.AES_256_GCM, EnumSet.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT));
            store.createKey("ec", KeyAlgorithm.EC_P256, EnumSet.of(KeyPurpose.SIGN, KeyPurpose.VERIFY));
            int threads = 8;
            int rounds = 40;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    results.add(pool.submit(() -> {
                        int done = 0;
                        for (int i = 0; i < rounds; i++) {
                            byte[] plain = ByteBuffer.allocate(8).putInt(thread).putInt(i).array();
                            byte[] c = store.encrypt("aes", plain, plain);
                            assertArrayEquals(plain, store.decrypt("aes", c, plain));
                            if (i % 8 == 0) {
                                assertTrue(store.verify("ec", 1, plain, store.sign("ec", plain).der()));
                            }
                            done++;
                        }
                        return done;
                    }));
                }
                int total = 0;
                for (Future<Integer> result : results) {
                    total += result.get(5, TimeUnit.MINUTES);
                }
                assertEquals(threads * rounds, total);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void storesOnOneLibraryShareItsInitialisation() throws Exception {
        SoftHsmToken token = SoftHsmToken.get();
        String namespace = SoftHsmToken.freshNamespace();
        Pkcs11KeyStorage first = token.open(namespace);
        first.createKey("k", KeyAlgorithm.AES_256_GCM, EnumSet.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT));
        byte[] c;
        try (Pkcs11KeyStorage second = token.open(SoftHsmToken.freshNamespace())) {
            c = first.encrypt("k", new byte[] {9}, null);
            first.close();
            second.createKey("k2", KeyAlgorithm.AES_256_GCM, EnumSet.of(KeyPurpose.ENCRYPT));
            second.encrypt("k2", new byte[] {1}, null);
        }
        // Every store is closed, so C_Finalize ran; the next open initialises the library again.
        try (Pkcs11KeyStorage again = token.open(namespace)) {
            assertArrayEquals(new byte[] {9}, again.decrypt("k", c, null));
        }
    }
}
