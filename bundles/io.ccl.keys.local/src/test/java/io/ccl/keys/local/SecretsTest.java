package io.ccl.keys.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.Secret;
import io.ccl.keys.api.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
    private static final ResourcePath DB = ResourcePath.parse("default/db/password");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    LocalKeyStorage store;

    @BeforeEach
    void open() throws Exception {
        store = new LocalKeyStorage(dir, null, CLOCK);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static SecretBytes bytes(String s) {
        return SecretBytes.copyOf(s.getBytes(StandardCharsets.UTF_8), InsecureSecretAccess.get());
    }

    static String text(Optional<Secret> secret) {
        return new String(secret.orElseThrow().value().reveal(InsecureSecretAccess.get()), StandardCharsets.UTF_8);
    }

    @Test
    void roundTripAndVersions() throws Exception {
        assertEquals(1, store.putSecret(DB, bytes("one"), OptionalInt.empty()));
        assertEquals(2, store.putSecret(DB, bytes("two"), OptionalInt.empty()));
        assertEquals("two", text(store.getSecret(DB)));
        assertEquals(2, store.getSecret(DB).orElseThrow().version());
        assertEquals(CLOCK.instant(), store.getSecret(DB).orElseThrow().createdAt());
        assertEquals("one", text(store.getSecret(DB, 1)));
        assertTrue(store.getSecret(DB, 3).isEmpty());
        assertTrue(store.getSecret(DB, 0).isEmpty());
        assertTrue(store.getSecret(ResourcePath.parse("default/db/other")).isEmpty());
        assertEquals("local", store.kind());
    }

    @Test
    void binaryAndEmptySecretsSurviveExactly() throws Exception {
        byte[] binary = new byte[4096];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        store.putSecret(DB, SecretBytes.copyOf(binary, InsecureSecretAccess.get()), OptionalInt.empty());
        assertArrayEquals(binary, store.getSecret(DB).orElseThrow().value().reveal(InsecureSecretAccess.get()));
        ResourcePath empty = ResourcePath.parse("r/t/empty");
        store.putSecret(empty, bytes(""), OptionalInt.empty());
        assertEquals(0, store.getSecret(empty).orElseThrow().value().size());
    }

    @Test
    void checkAndSet() throws Exception {
        assertEquals(Reason.CAS_MISMATCH, assertThrows(KeyStorageException.class,
                () -> store.putSecret(DB, bytes("x"), OptionalInt.of(1))).reason());
        assertEquals(1, store.putSecret(DB, bytes("first"), OptionalInt.of(0)));
        KeyStorageException e = assertThrows(KeyStorageException.class,
                () -> store.putSecret(DB, bytes("hunter2"), OptionalInt.of(0)));
        assertEquals(Reason.CAS_MISMATCH, e.reason());
        assertFalse(e.getMessage().contains("hunter2"), "no secret in messages");
        assertEquals(2, store.putSecret(DB, bytes("second"), OptionalInt.of(1)));
        assertEquals(Reason.CAS_MISMATCH, assertThrows(KeyStorageException.class,
                () -> store.putSecret(DB, bytes("stale"), OptionalInt.of(1))).reason());
        assertEquals(Reason.INVALID_ARGUMENT, assertThrows(KeyStorageException.class,
                () -> store.putSecret(DB, bytes("neg"), OptionalInt.of(-1))).reason());
        assertEquals("second", text(store.getSecret(DB)));
    }

    @Test
    void deleteHidesAllVersionsAndNumberingContinues() throws Exception {
        store.putSecret(DB, bytes("a"), OptionalInt.empty());
        store.putSecret(DB, bytes("b"), OptionalInt.empty());
        assertTrue(store.deleteSecret(DB));
        assertFalse(store.deleteSecret(DB));
        assertTrue(store.getSecret(DB).isEmpty());
        assertTrue(store.getSecret(DB, 1).isEmpty());
        assertTrue(store.listSecrets().isEmpty());
        // After a delete the secret does not exist: cas 0 succeeds, and versions are never reused.
        assertEquals(3, store.putSecret(DB, bytes("c"), OptionalInt.of(0)));
        assertEquals("c", text(store.getSecret(DB)));
        assertTrue(store.getSecret(DB, 2).isEmpty());
        assertFalse(store.deleteSecret(ResourcePath.parse("no/such/secret")));
    }

    @Test
    void listNamesLiveSecretsSorted() throws Exception {
        store.putSecret(ResourcePath.parse("b/t/x"), bytes("1"), OptionalInt.empty());
        store.putSecret(ResourcePath.parse("a/t/y"), bytes("2"), OptionalInt.empty());
        store.putSecret(ResourcePath.parse("a/t/gone"), bytes("3"), OptionalInt.empty());
        store.deleteSecret(ResourcePath.parse("a/t/gone"));
        assertEquals(List.of(ResourcePath.parse("a/t/y"), ResourcePath.parse("b/t/x")), store.listSecrets());
    }

    @Test
    void restartSeesEverything() throws Exception {
        store.putSecret(DB, bytes("v1"), OptionalInt.empty());
        store.putSecret(DB, bytes("v2"), OptionalInt.empty());
        store.putSecret(ResourcePath.parse("x/y/z"), bytes("z"), OptionalInt.empty());
        store.deleteSecret(ResourcePath.parse("x/y/z"));
        store.close();
        store = new LocalKeyStorage(dir, null, CLOCK);
        assertEquals("v2", text(store.getSecret(DB)));
        assertEquals("v1", text(store.getSecret(DB, 1)));
        assertEquals(List.of(DB), store.listSecrets());
        assertEquals(2, store.putSecret(ResourcePath.parse("x/y/z"), bytes("again"), OptionalInt.of(0)));
    }

    @Test
    void destroyedValueIsRefusedAndOversizedSecretsToo() {
        SecretBytes gone = bytes("gone");
        gone.destroy();
        assertEquals(Reason.INVALID_ARGUMENT, assertThrows(KeyStorageException.class,
                () -> store.putSecret(DB, gone, OptionalInt.empty())).reason());
        SecretBytes huge = SecretBytes.copyOf(new byte[(1 << 20) + 1], InsecureSecretAccess.get());
        assertEquals(Reason.INVALID_ARGUMENT, assertThrows(KeyStorageException.class,
                () -> store.putSecret(DB, huge, OptionalInt.empty())).reason());
    }

    @Test
    void closedStoreIsUnavailable() {
        store.close();
        assertEquals(Reason.UNAVAILABLE, assertThrows(KeyStorageException.class, () -> store.getSecret(DB)).reason());
    }
}
