package io.ccl.keys.local;

import static io.ccl.keys.local.SecretsTest.bytes;
import static io.ccl.keys.local.SecretsTest.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.KeyVersionState;
import io.ccl.keys.api.ResourcePath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Attacks on the files at rest: every one must surface as INTEGRITY, never as wrong data. */
class TamperTest {
    private static final ResourcePath A = ResourcePath.parse("default/secret/a");
    private static final ResourcePath B = ResourcePath.parse("default/secret/b");
    private static final Set<KeyPurpose> ENC_DEC = Set.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT);
    private static final byte[] AAD = new byte[0];

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

    private Path secretFile(ResourcePath path, int version) {
        return dir.resolve("secrets").resolve(path.repo()).resolve(path.type()).resolve(path.tag()).resolve(version + ".sec");
    }

    private static Reason reason(Executable call) {
        return assertThrows(KeyStorageException.class, call).reason();
    }

    @Test
    void everyFlippedBitOfASecretFileIsDetected() throws Exception {
        store.putSecret(A, bytes("secret-a"), OptionalInt.empty());
        Path file = secretFile(A, 1);
        byte[] original = Files.readAllBytes(file);
        for (int i = 0; i < original.length; i++) {
            byte[] tampered = original.clone();
            tampered[i] ^= (byte) (1 << (i % 8));
            Files.write(file, tampered);
            assertEquals(Reason.INTEGRITY, reason(() -> store.getSecret(A)), "byte " + i);
        }
        Files.write(file, Arrays.copyOf(original, original.length - 1));
        assertEquals(Reason.INTEGRITY, reason(() -> store.getSecret(A)));
        Files.write(file, new byte[0]);
        assertEquals(Reason.INTEGRITY, reason(() -> store.getSecret(A)));
        Files.write(file, original);
        assertEquals("secret-a", text(store.getSecret(A)));
    }

    @Test
    void swappedVersionsAndMovedFilesAreDetected() throws Exception {
        store.putSecret(A, bytes("a1"), OptionalInt.empty());
        store.putSecret(A, bytes("a2"), OptionalInt.empty());
        store.putSecret(B, bytes("b1"), OptionalInt.empty());
        Path a1 = secretFile(A, 1);
        Path a2 = secretFile(A, 2);
        byte[] v1 = Files.readAllBytes(a1);
        byte[] v2 = Files.readAllBytes(a2);
        // Replay version 1 as version 2 (a rollback dressed as the newest version).
        Files.write(a2, v1);
        assertEquals(Reason.INTEGRITY, reason(() -> store.getSecret(A)));
        Files.write(a2, v2);
        // Present A's file under B's name.
        Files.copy(a1, secretFile(B, 1), StandardCopyOption.REPLACE_EXISTING);
        assertEquals(Reason.INTEGRITY, reason(() -> store.getSecret(B)));
        assertEquals("a2", text(store.getSecret(A)));
    }

    @Test
    void keyFilesCannotBeSwappedBetweenKeysOrVersions() throws Exception {
        store.createKey("k1", KeyAlgorithm.AES_256_GCM, ENC_DEC);
        store.createKey("k2", KeyAlgorithm.AES_256_GCM, ENC_DEC);
        store.rotateKey("k1");
        byte[] ct = store.encrypt("k1", "x".getBytes(StandardCharsets.UTF_8), AAD);
        Path keys = dir.resolve("keys");
        Files.copy(keys.resolve("k1/1.key"), keys.resolve("k1/2.key"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(keys.resolve("k1/meta.sec"), keys.resolve("k2/meta.sec"), StandardCopyOption.REPLACE_EXISTING);
        reopen();
        assertEquals(Reason.INTEGRITY, reason(() -> store.decrypt("k1", ct, AAD)));
        assertEquals(Reason.INTEGRITY, reason(() -> store.keyInfo("k2")));
        assertEquals(Reason.INTEGRITY, reason(() -> store.listKeys()));
    }

    @Test
    void editedMetadataIsDetected() throws Exception {
        store.createKey("k", KeyAlgorithm.AES_256_GCM, ENC_DEC);
        store.setVersionState("k", 1, KeyVersionState.REVOKED);
        Path meta = dir.resolve("keys/k/meta.sec");
        byte[] sealed = Files.readAllBytes(meta);
        // Whoever lacks the master key can only write plaintext or flip bits.
        Files.writeString(meta, "{\"format\":1,\"name\":\"k\",\"algorithm\":\"AES_256_GCM\",\"purposes\":[\"ENCRYPT\"],"
                + "\"versions\":[{\"version\":1,\"state\":\"ACTIVE\",\"created_at\":\"2026-01-01T00:00:00Z\"}]}");
        reopen();
        assertEquals(Reason.INTEGRITY, reason(() -> store.encrypt("k", new byte[1], AAD)));
        sealed[sealed.length - 20] ^= 4;
        Files.write(meta, sealed);
        reopen();
        assertEquals(Reason.INTEGRITY, reason(() -> store.keyInfo("k")));
    }

    @Test
    void rolledBackMetadataCannotResurrectARevokedVersion() throws Exception {
        store.createKey("k", KeyAlgorithm.AES_256_GCM, ENC_DEC);
        byte[] ct = store.encrypt("k", "data".getBytes(StandardCharsets.UTF_8), AAD);
        Path meta = dir.resolve("keys/k/meta.sec");
        byte[] whileActive = Files.readAllBytes(meta);
        store.setVersionState("k", 1, KeyVersionState.REVOKED);
        assertFalse(Files.exists(dir.resolve("keys/k/1.key")), "revocation destroys the sealed material");
        // An authentic older metadata file saying ACTIVE is replayed: the material is gone.
        Files.write(meta, whileActive);
        reopen();
        assertEquals(KeyVersionState.ACTIVE, store.keyInfo("k").orElseThrow().versions().get(0).state());
        assertEquals(Reason.INTEGRITY, reason(() -> store.decrypt("k", ct, AAD)));
        assertEquals(Reason.INTEGRITY, reason(() -> store.encrypt("k", new byte[1], AAD)));
    }

    @Test
    void aDifferentMasterKeyOpensNothing() throws Exception {
        store.putSecret(A, bytes("a"), OptionalInt.empty());
        store.close();
        Path otherMaster = dir.resolve("other-master.key");
        Files.write(otherMaster, new byte[32]);
        store = new LocalKeyStorage(dir, otherMaster, Clock.systemUTC());
        assertEquals(Reason.INTEGRITY, reason(() -> store.getSecret(A)));
    }

    @Test
    void missingMasterKeyWithExistingDataRefusesToStart() throws Exception {
        store.putSecret(A, bytes("a"), OptionalInt.empty());
        store.close();
        Files.delete(dir.resolve("master.key"));
        assertEquals(Reason.UNAVAILABLE, reason(() -> new LocalKeyStorage(dir, null, Clock.systemUTC())));
        assertFalse(Files.exists(dir.resolve("master.key")), "no fresh key silently replaces the lost one");
        store = new LocalKeyStorage(dir.resolve("fresh"), null, Clock.systemUTC());
    }

    @Test
    void masterKeyIsOwnerOnly() throws Exception {
        Path master = dir.resolve("master.key");
        assertEquals(32, Files.size(master));
        if (master.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(master)));
        }
    }

    @Test
    void leftoverTempFilesAreIgnoredAndRemovedAtStart() throws Exception {
        store.putSecret(A, bytes("a1"), OptionalInt.empty());
        store.createKey("k", KeyAlgorithm.AES_256_GCM, ENC_DEC);
        Path secretDir = secretFile(A, 1).getParent();
        Path halfWritten = secretDir.resolve(".tmp-0123456789abcdef");
        Files.write(halfWritten, new byte[] {'C', 'C', 'L', 'S', 1, 1, 0});
        Path keyTemp = dir.resolve("keys/k/.tmp-feedface");
        Files.write(keyTemp, new byte[3]);
        assertEquals("a1", text(store.getSecret(A)));
        assertEquals(2, store.putSecret(A, bytes("a2"), OptionalInt.empty()));
        reopen();
        assertFalse(Files.exists(halfWritten));
        assertFalse(Files.exists(keyTemp));
        assertEquals("a2", text(store.getSecret(A)));
        assertArrayEquals(new byte[] {7}, store.decrypt("k", store.encrypt("k", new byte[] {7}, AAD), AAD));
    }

    @Test
    void secondStoreOnTheSameDirectoryIsRefused() {
        assertEquals(Reason.UNAVAILABLE, reason(() -> new LocalKeyStorage(dir, null, Clock.systemUTC())));
        assertTrue(Files.exists(dir.resolve(".lock")));
    }
}
