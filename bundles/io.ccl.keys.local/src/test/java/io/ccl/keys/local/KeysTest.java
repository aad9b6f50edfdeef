package io.ccl.keys.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.KeyVersion;
import io.ccl.keys.api.KeyVersionState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class KeysTest {
    private static final Set<KeyPurpose> ENC_DEC = Set.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT);
    private static final byte[] PLAIN = "call transcript".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AAD = "job-42".getBytes(StandardCharsets.UTF_8);

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

    static Reason reason(Executable call) {
        return assertThrows(KeyStorageException.class, call).reason();
    }

    static List<KeyVersionState> states(KeyInfo info) {
        return info.versions().stream().map(KeyVersion::state).toList();
    }

    @Test
    void aesRoundTripBindsAadAndNamesTheVersion() throws Exception {
        KeyInfo info = store.createKey("orders", KeyAlgorithm.AES_256_GCM, ENC_DEC);
        assertEquals(1, info.latestVersion());
        byte[] ct = store.encrypt("orders", PLAIN, AAD);
        assertEquals(1, ct[0]);
        assertEquals(1, ByteBuffer.wrap(ct, 1, 4).getInt());
        assertArrayEquals(PLAIN, store.decrypt("orders", ct, AAD));
        assertEquals(Reason.INTEGRITY, reason(() -> store.decrypt("orders", ct, "job-43".getBytes(StandardCharsets.UTF_8))));
        assertArrayEquals(PLAIN, store.decrypt("orders", store.encrypt("orders", PLAIN, null), new byte[0]));
        byte[] flipped = ct.clone();
        flipped[flipped.length - 1] ^= 1;
        assertEquals(Reason.INTEGRITY, reason(() -> store.decrypt("orders", flipped, AAD)));
        assertEquals(Reason.INTEGRITY, reason(() -> store.decrypt("orders", new byte[10], AAD)));
        byte[] otherVersion = ct.clone();
        otherVersion[4] = 9;
        assertEquals(Reason.NOT_FOUND, reason(() -> store.decrypt("orders", otherVersion, AAD)));
    }

    @Test
    void rotationKeepsOldVersionsDecryptOnly() throws Exception {
        store.createKey("k", KeyAlgorithm.AES_256_GCM, ENC_DEC);
        byte[] v1 = store.encrypt("k", PLAIN, AAD);
        KeyInfo rotated = store.rotateKey("k");
        assertEquals(List.of(KeyVersionState.DECRYPT_ONLY, KeyVersionState.ACTIVE), states(rotated));
        byte[] v2 = store.encrypt("k", PLAIN, AAD);
        assertEquals(2, ByteBuffer.wrap(v2, 1, 4).getInt());
        assertArrayEquals(PLAIN, store.decrypt("k", v1, AAD));
        assertArrayEquals(PLAIN, store.decrypt("k", v2, AAD));

        store.setVersionState("k", 1, KeyVersionState.RETIRED);
        assertEquals(Reason.KEY_UNUSABLE, reason(() -> store.decrypt("k", v1, AAD)));
        assertArrayEquals(PLAIN, store.decrypt("k", v2, AAD));
        // Retired can still be revoked; revoked is final.
        store.setVersionState("k", 1, KeyVersionState.REVOKED);
        assertEquals(Reason.KEY_UNUSABLE, reason(() -> store.setVersionState("k", 1, KeyVersionState.RETIRED)));
        assertEquals(Reason.INVALID_ARGUMENT, reason(() -> store.setVersionState("k", 1, KeyVersionState.ACTIVE)));
        assertEquals(Reason.INVALID_ARGUMENT, reason(() -> store.setVersionState("k", 2, KeyVersionState.DECRYPT_ONLY)));
        assertEquals(Reason.NOT_FOUND, reason(() -> store.setVersionState("k", 3, KeyVersionState.RETIRED)));
        assertEquals(KeyVersionState.REVOKED, store.setVersionState("k", 1, KeyVersionState.REVOKED).versions().get(0).state());
        assertEquals(Reason.KEY_UNUSABLE, reason(() -> store.decrypt("k", v1, AAD)));
    }

    @Test
    void revokingTheOnlyActiveVersionStopsEncryptionUntilRotated() throws Exception {
        store.createKey("k", KeyAlgorithm.AES_256_GCM, ENC_DEC);
        byte[] v1 = store.encrypt("k", PLAIN, AAD);
        store.setVersionState("k", 1, KeyVersionState.REVOKED);
        assertEquals(Reason.KEY_UNUSABLE, reason(() -> store.encrypt("k", PLAIN, AAD)));
        assertEquals(Reason.KEY_UNUSABLE, reason(() -> store.decrypt("k", v1, AAD)));
        KeyInfo rotated = store.rotateKey("k");
        assertEquals(List.of(KeyVersionState.REVOKED, KeyVersionState.ACTIVE), states(rotated));
        assertArrayEquals(PLAIN, store.decrypt("k", store.encrypt("k", PLAIN, AAD), AAD));

        store.setVersionState("k", 2, KeyVersionState.RETIRED);
        assertEquals(Reason.KEY_UNUSABLE, reason(() -> store.encrypt("k", PLAIN, AAD)));
    }

    @Test
    void purposesAndAlgorithmsAreEnforced() throws Exception {
        store.createKey("enc", KeyAlgorithm.AES_256_GCM, Set.of(KeyPurpose.ENCRYPT));
        byte[] ct = store.encrypt("enc", PLAIN, AAD);
        assertEquals(Reason.NOT_PERMITTED, reason(() -> store.decrypt("enc", ct, AAD)));
        assertEquals(Reason.NOT_PERMITTED, reason(() -> store.sign("enc", PLAIN)));
        store.createKey("sig", KeyAlgorithm.EC_P256, Set.of(KeyPurpose.SIGN));
        assertEquals(Reason.NOT_PERMITTED, reason(() -> store.encrypt("sig", PLAIN, AAD)));
        store.createKey("verify-only", KeyAlgorithm.EC_P384, Set.of(KeyPurpose.VERIFY));
        assertEquals(Reason.NOT_PERMITTED, reason(() -> store.sign("verify-only", PLAIN)));

        assertEquals(Reason.INVALID_ARGUMENT, reason(() -> store.createKey("bad", KeyAlgorithm.AES_256_GCM, Set.of(KeyPurpose.SIGN))));
        assertEquals(Reason.INVALID_ARGUMENT, reason(() -> store.createKey("bad", KeyAlgorithm.EC_P256, Set.of(KeyPurpose.ENCRYPT))));
        assertEquals(Reason.INVALID_ARGUMENT, reason(() -> store.createKey("bad", KeyAlgorithm.EC_P256, Set.of())));
        assertEquals(Reason.INVALID_ARGUMENT, reason(() -> store.createKey("enc", KeyAlgorithm.AES_256_GCM, ENC_DEC)));
        assertEquals(Reason.INVALID_ARGUMENT, reason(() -> store.createKey("..", KeyAlgorithm.AES_256_GCM, ENC_DEC)));
        assertEquals(Reason.INVALID_ARGUMENT, reason(() -> store.createKey("a/b", KeyAlgorithm.AES_256_GCM, ENC_DEC)));
        assertEquals(Reason.NOT_FOUND, reason(() -> store.encrypt("missing", PLAIN, AAD)));
        assertEquals(Reason.NOT_FOUND, reason(() -> store.rotateKey("missing")));
        assertTrue(store.keyInfo("../escape").isEmpty());
    }

    @Test
    void signingUsesOnlyTheActiveVersion() throws Exception {
        store.createKey("p256", KeyAlgorithm.EC_P256, Set.of(KeyPurpose.SIGN, KeyPurpose.VERIFY));
        byte[] sig = store.sign("p256", PLAIN).der();
        assertEquals(0x30, sig[0] & 0xff, "DER SEQUENCE");
        store.setVersionState("p256", 1, KeyVersionState.RETIRED);
        assertEquals(Reason.KEY_UNUSABLE, reason(() -> store.sign("p256", PLAIN)));
        store.rotateKey("p256");
        assertEquals(2, store.sign("p256", PLAIN).version());
        assertEquals(0x30, store.sign("p256", PLAIN).der()[0] & 0xff);
    }

    @Test
    void restartSeesKeysStatesAndDecryptsOldCiphertext() throws Exception {
        store.createKey("k", KeyAlgorithm.AES_256_GCM, ENC_DEC);
        byte[] v1 = store.encrypt("k", PLAIN, AAD);
        store.rotateKey("k");
        store.createKey("s", KeyAlgorithm.EC_P384, Set.of(KeyPurpose.SIGN));
        store.setVersionState("s", 1, KeyVersionState.REVOKED);
        store.close();

        store = new LocalKeyStorage(dir, null, Clock.systemUTC());
        assertEquals(List.of("k", "s"), store.listKeys().stream().map(KeyInfo::name).toList());
        assertEquals(List.of(KeyVersionState.DECRYPT_ONLY, KeyVersionState.ACTIVE), states(store.keyInfo("k").orElseThrow()));
        assertArrayEquals(PLAIN, store.decrypt("k", v1, AAD));
        assertEquals(Reason.KEY_UNUSABLE, reason(() -> store.sign("s", PLAIN)));
        assertEquals(KeyAlgorithm.EC_P384, store.keyInfo("s").orElseThrow().algorithm());
    }
}
