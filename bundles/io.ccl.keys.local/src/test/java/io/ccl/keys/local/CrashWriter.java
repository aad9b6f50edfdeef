package io.ccl.keys.local;

import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.Secret;
import io.ccl.keys.api.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Child process of {@link CrashSafetyTest}: writes secret versions in an endless loop and prints
 * {@code ACK <path> <version>} after each {@code putSecret} returned, until it is killed. Each run
 * also writes to a path of its own, so that directory creation is exercised under kills as well.
 */
public final class CrashWriter {
    private CrashWriter() {
    }

    /** The content every version must have: derived from its path and version only. */
    static byte[] content(ResourcePath path, int version) throws Exception {
        byte[] seed = MessageDigest.getInstance("SHA-256").digest((path + "#" + version).getBytes(StandardCharsets.UTF_8));
        byte[] value = new byte[100 + (version * 997) % 6000];
        for (int i = 0; i < value.length; i++) {
            value[i] = seed[i % seed.length];
        }
        return value;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String run = args[1];
        ResourcePath[] paths = {
            ResourcePath.parse("crash/shared/a"), ResourcePath.parse("crash/shared/b"),
            ResourcePath.parse("crash/run" + run + "/c"), ResourcePath.parse("crash/run" + run + "/d")};
        int[] current = new int[paths.length];
        try (LocalKeyStorage store = new LocalKeyStorage(dir, null, Clock.systemUTC())) {
            for (int i = 0; i < paths.length; i++) {
                Optional<Secret> latest = store.getSecret(paths[i]);
                current[i] = latest.map(Secret::version).orElse(0);
            }
            for (long n = 0; ; n++) {
                int i = (int) (n % paths.length);
                int version = current[i] + 1;
                int written = store.putSecret(paths[i], SecretBytes.copyOf(content(paths[i], version), InsecureSecretAccess.get()),
                        OptionalInt.of(current[i]));
                if (written != version) {
                    throw new IllegalStateException("store wrote version " + written + ", expected " + version);
                }
                current[i] = version;
                System.out.println("ACK " + paths[i] + " " + version);
                System.out.flush();
            }
        }
    }
}
