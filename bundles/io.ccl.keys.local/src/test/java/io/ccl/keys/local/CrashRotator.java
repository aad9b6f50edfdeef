package io.ccl.keys.local;

import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyPurpose;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.EnumSet;

/**
 * Child process of {@link CrashSafetyTest}: rotates one key in an endless loop until it is
 * killed. Before each rotation it encrypts {@link #plaintext(int)} under the active version and
 * prints {@code CT <version> <base64>}; after each rotation returned it prints {@code ROTATED
 * <new version>}. Nearly all its time goes into rotations, so a kill lands inside one.
 */
public final class CrashRotator {
    static final String KEY = "rotating";

    private CrashRotator() {
    }

    /** The plaintext encrypted under a version: derived from the version only. */
    static byte[] plaintext(int version) {
        return ("made under version " + version).getBytes(StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        try (LocalKeyStorage store = new LocalKeyStorage(Path.of(args[0]), null, Clock.systemUTC())) {
            if (store.keyInfo(KEY).isEmpty()) {
                store.createKey(KEY, KeyAlgorithm.AES_256_GCM, EnumSet.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT));
            }
            while (true) {
                int active = store.keyInfo(KEY).map(KeyInfo::latestVersion).orElseThrow();
                byte[] ct = store.encrypt(KEY, plaintext(active), null);
                System.out.println("CT " + active + " " + Base64.getEncoder().encodeToString(ct));
                System.out.flush();
                int rotated = store.rotateKey(KEY).latestVersion();
                System.out.println("ROTATED " + rotated);
                System.out.flush();
            }
        }
    }
}
