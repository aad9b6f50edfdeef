package io.ccl.keys.local;

import static io.ccl.keys.local.SecretsTest.bytes;
import static io.ccl.keys.local.SecretsTest.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.KeyVersionState;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.SecretBytes;
import io.ccl.keys.api.SecretVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the secret-version, key-deletion and wrap operations leave on disk: states survive a
 * restart, destroyed material is gone, interrupted erasures are finished at the next open, state
 * files are bound to their version, and ciphertexts and wrapped keys are not interchangeable.
 */
class LifecycleFilesTest {
    private static final ResourcePath DB = ResourcePath.parse("default/db/password");
    private static final EnumSet<KeyPurpose> AES_ALL =
            EnumSet.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT, KeyPurpose.WRAP, KeyPurpose.UNWRAP);

    @TempDir
    Path dir;
    LocalKeyStorage store;

    @BeforeEach
    void open() throws Exception {
        store = new LocalKeyStorage(dir, null, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void reopen() throws KeyStorageException {
        store.close();
        store = new LocalKeyStorage(dir, null, Clock.systemUTC());
    }

    private Path secretDir() {
        return dir.resolve("secrets/default/db/password");
    }

    private static Reason reason(Executable call) {
        return assertThrows(KeyStorageException.class, call).reason();
    }

    private List<SecretVersion.State> states() throws KeyStorageException {
        return store.secretVersions(DB).stream().map(SecretVersion::state).toList();
    }

    @Test
    void softDeleteAndDestroySurviveARestart() throws Exception {
        store.putSecret(DB, bytes("one"), OptionalInt.empty());
        store.putSecret(DB, bytes("two"), OptionalInt.empty());
        store.putSecret(DB, bytes("three"), OptionalInt.empty());
        List<SecretVersion> before = store.secretVersions(DB);
        assertTrue(store.deleteSecretVersion(DB, 3));
        assertTrue(store.destroySecretVersion(DB, 2));
        assertTrue(Files.exists(secretDir().resolve("3.sec")), "a soft delete keeps the material");
        assertFalse(Files.exists(secretDir().resolve("2.sec")), "destroy erases the material");

        reopen();
        assertEquals(List.of(SecretVersion.State.LIVE, SecretVersion.State.DESTROYED, SecretVersion.State.DELETED), states());
        assertEquals(before.stream().map(SecretVersion::createdAt).toList(),
                store.secretVersions(DB).stream().map(SecretVersion::createdAt).toList(), "creation times are kept");
        assertTrue(store.getSecret(DB).isEmpty());
        assertEquals("one", text(store.getSecret(DB, 1)));
        assertEquals(4, store.putSecret(DB, bytes("four"), OptionalInt.of(3)), "cas compares with the newest number, deleted or not");
    }

    @Test
    void anInterruptedDestroyIsFinishedAtTheNextOpen() throws Exception {
        store.putSecret(DB, bytes("one"), OptionalInt.empty());
        byte[] sealed = Files.readAllBytes(secretDir().resolve("1.sec"));
        assertTrue(store.destroySecretVersion(DB, 1));
        // A crash after the DESTROYED state was recorded but before the erase: the file is back.
        Files.write(secretDir().resolve("1.sec"), sealed);
        reopen();
        assertFalse(Files.exists(secretDir().resolve("1.sec")), "the material is erased at open");
        assertEquals(List.of(SecretVersion.State.DESTROYED), states());
        assertTrue(store.getSecret(DB, 1).isEmpty());
    }

    @Test
    void stateFilesAreBoundToTheirVersion() throws Exception {
        store.putSecret(DB, bytes("one"), OptionalInt.empty());
        store.putSecret(DB, bytes("two"), OptionalInt.empty());
        store.deleteSecretVersion(DB, 1);
        Files.copy(secretDir().resolve("1.state"), secretDir().resolve("2.state"));
        assertEquals(Reason.INTEGRITY, reason(() -> store.getSecret(DB)));
        assertEquals(Reason.INTEGRITY, reason(() -> store.secretVersions(DB)));
    }

    @Test
    void deleteSecretErasesStateFilesToo() throws Exception {
        store.putSecret(DB, bytes("one"), OptionalInt.empty());
        store.putSecret(DB, bytes("two"), OptionalInt.empty());
        store.deleteSecretVersion(DB, 1);
        store.destroySecretVersion(DB, 2);
        assertTrue(store.deleteSecret(DB));
        try (Stream<Path> files = Files.list(secretDir())) {
            assertEquals(List.of("deleted.sec"), files.map(p -> p.getFileName().toString()).toList());
        }
        assertTrue(store.secretVersions(DB).isEmpty());
        assertEquals(3, store.putSecret(DB, bytes("three"), OptionalInt.of(0)), "numbering continues after a delete");
    }

    @Test
    void deleteKeyRemovesItsDirectory() throws Exception {
        store.createKey("k", KeyAlgorithm.AES_256_GCM, AES_ALL);
        store.rotateKey("k");
        store.setVersionState("k", 1, KeyVersionState.RETIRED);
        store.setVersionState("k", 2, KeyVersionState.REVOKED);
        store.deleteKey("k");
        try (Stream<Path> entries = Files.list(dir.resolve("keys"))) {
            assertEquals(0, entries.count(), "nothing of the key is left");
        }
        reopen();
        assertTrue(store.keyInfo("k").isEmpty());
    }

    @Test
    void anInterruptedKeyDeletionIsFinishedAtTheNextOpen() throws Exception {
        store.createKey("k", KeyAlgorithm.AES_256_GCM, AES_ALL);
        store.createKey("kept", KeyAlgorithm.AES_256_GCM, AES_ALL);
        // A crash after the atomic rename and before the erase leaves the renamed directory.
        Files.move(dir.resolve("keys/k"), dir.resolve("keys/~deleted-0011223344556677"));
        assertEquals(List.of("kept"), store.listKeys().stream().map(i -> i.name()).toList(), "a renamed directory is no key");
        reopen();
        try (Stream<Path> entries = Files.list(dir.resolve("keys"))) {
            assertEquals(List.of("kept"), entries.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void ciphertextsAndWrappedKeysAreNotInterchangeable() throws Exception {
        store.createKey("k", KeyAlgorithm.AES_256_GCM, AES_ALL);
        byte[] material = new byte[32];
        material[0] = 42;
        byte[] ct = store.encrypt("k", material, null);
        byte[] wrapped = store.wrap("k", SecretBytes.copyOf(material, InsecureSecretAccess.get()));
        assertEquals(1, ct[0]);
        assertEquals(2, wrapped[0]);
        assertEquals(ct.length, wrapped.length, "same layout, so only the format byte and the AAD tell them apart");

        assertEquals(Reason.INTEGRITY, reason(() -> store.unwrap("k", ct)));
        assertEquals(Reason.INTEGRITY, reason(() -> store.decrypt("k", wrapped, null)));
        byte[] domain = "ccl.keys.local/wrap/v1".getBytes(StandardCharsets.US_ASCII);
        byte[] relabelled = wrapped.clone();
        relabelled[0] = 1;
        assertEquals(Reason.INTEGRITY, reason(() -> store.decrypt("k", relabelled, domain)), "the format byte is authenticated");
        byte[] posing = ct.clone();
        posing[0] = 2;
        assertEquals(Reason.INTEGRITY, reason(() -> store.unwrap("k", posing)));
        byte[] chosen = store.encrypt("k", material, domain);
        chosen[0] = 2;
        assertEquals(Reason.INTEGRITY, reason(() -> store.unwrap("k", chosen)), "a caller's AAD cannot imitate the wrap domain");
        assertArrayEquals(material, store.unwrap("k", wrapped).reveal(InsecureSecretAccess.get()));
    }
}
