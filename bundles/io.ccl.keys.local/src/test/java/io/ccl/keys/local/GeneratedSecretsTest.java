package io.ccl.keys.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.ResourcePath;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedSecretsTest {
    @Test
    void generatesOnceAndKeepsTheValue(@TempDir Path dir) throws Exception {
        ResourcePath p = ResourcePath.parse("default/secret/dev-data-key");
        byte[] first;
        try (LocalKeyStorage store = new LocalKeyStorage(dir, null, Clock.systemUTC())) {
            assertTrue(store.generateIfAbsent(p));
            first = store.getSecret(p).orElseThrow().value().reveal(InsecureSecretAccess.get());
            assertEquals(32, first.length);
            assertFalse(store.generateIfAbsent(p));
        }
        try (LocalKeyStorage store = new LocalKeyStorage(dir, null, Clock.systemUTC())) {
            assertFalse(store.generateIfAbsent(p));
            assertArrayEquals(first, store.getSecret(p).orElseThrow().value().reveal(InsecureSecretAccess.get()));
            assertEquals(1, store.getSecret(p).orElseThrow().version());
        }
    }
}
