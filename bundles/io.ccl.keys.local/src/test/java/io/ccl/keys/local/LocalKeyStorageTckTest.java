package io.ccl.keys.local;

import io.ccl.keys.api.KeyStorage;
import io.ccl.keys.tck.KeyStorageContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/** The key store TCK against the local store, each test in a fresh data directory. */
class LocalKeyStorageTckTest extends KeyStorageContract {
    @TempDir
    Path dir;

    @Override
    protected KeyStorage newStore() throws Exception {
        return new LocalKeyStorage(Files.createTempDirectory(dir, "store"), null, Clock.systemUTC());
    }

    @Override
    protected void closeStore(KeyStorage store) {
        ((LocalKeyStorage) store).close();
    }
}
