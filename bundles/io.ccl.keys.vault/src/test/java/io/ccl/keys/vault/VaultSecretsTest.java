package io.ccl.keys.vault;

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
import io.ccl.keys.api.SecretVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VaultSecretsTest {
    static final ResourcePath PATH = new ResourcePath("default", "speech", "api-key");

    FakeVaultFixture fx;
    VaultKeyStorage store;

    @BeforeEach
    void start() throws Exception {
        fx = new FakeVaultFixture();
        store = fx.rootStore();
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    static SecretBytes secret(String s) {
        return SecretBytes.copyOf(s.getBytes(StandardCharsets.UTF_8), InsecureSecretAccess.get());
    }

    static String text(Secret s) {
        return new String(s.value().reveal(InsecureSecretAccess.get()), StandardCharsets.UTF_8);
    }

    @Test
    void versionsAreKvV2Versions() throws Exception {
        assertEquals(1, store.putSecret(PATH, secret("one"), OptionalInt.empty()));
        assertEquals(2, store.putSecret(PATH, secret("two"), OptionalInt.empty()));
        assertEquals("two", text(store.getSecret(PATH).orElseThrow()));
        assertEquals(2, store.getSecret(PATH).orElseThrow().version());
        assertEquals("one", text(store.getSecret(PATH, 1).orElseThrow()));
        assertTrue(store.getSecret(PATH, 3).isEmpty());
        assertTrue(store.getSecret(PATH, 0).isEmpty(), "version 0 is not 'the newest'");
        assertEquals(fx.clock.instant(), store.getSecret(PATH).orElseThrow().createdAt());
    }

    @Test
    void casMismatchIsTyped() throws Exception {
        assertEquals(1, store.putSecret(PATH, secret("one"), OptionalInt.of(0)));
        KeyStorageException e = assertThrows(KeyStorageException.class, () -> store.putSecret(PATH, secret("x"), OptionalInt.of(0)));
        assertEquals(Reason.CAS_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("check-and-set parameter did not match the current version"), e.getMessage());
        assertEquals(Reason.CAS_MISMATCH, assertThrows(KeyStorageException.class,
                () -> store.putSecret(PATH, secret("x"), OptionalInt.of(5))).reason());
        assertEquals(2, store.putSecret(PATH, secret("two"), OptionalInt.of(1)));
    }

    @Test
    void softDeleteHidesAVersionAndDestroyErasesIt() throws Exception {
        store.putSecret(PATH, secret("one"), OptionalInt.empty());
        store.putSecret(PATH, secret("two"), OptionalInt.empty());
        assertTrue(store.deleteSecretVersion(PATH, 2));
        assertFalse(store.deleteSecretVersion(PATH, 2), "already deleted");
        assertTrue(store.getSecret(PATH).isEmpty(), "newest version deleted: no current secret");
        assertTrue(store.getSecret(PATH, 2).isEmpty());
        assertEquals("one", text(store.getSecret(PATH, 1).orElseThrow()));
        assertTrue(store.destroySecretVersion(PATH, 1));
        assertFalse(store.destroySecretVersion(PATH, 1));
        assertTrue(store.destroySecretVersion(PATH, 2), "a deleted version can still be destroyed");
        assertTrue(store.getSecret(PATH, 1).isEmpty());
        List<SecretVersion> versions = store.secretVersions(PATH);
        assertEquals(List.of(SecretVersion.State.DESTROYED, SecretVersion.State.DESTROYED), versions.stream().map(SecretVersion::state).toList());
        assertFalse(store.deleteSecretVersion(PATH, 9));
        assertFalse(store.destroySecretVersion(PATH, 9));
        assertEquals(3, store.putSecret(PATH, secret("three"), OptionalInt.of(2)), "numbers are never reused");
    }

    @Test
    void deleteSecretRemovesMetadata() throws Exception {
        assertFalse(store.deleteSecret(PATH));
        store.putSecret(PATH, secret("one"), OptionalInt.empty());
        assertTrue(store.deleteSecret(PATH));
        assertTrue(store.getSecret(PATH).isEmpty());
        assertTrue(store.secretVersions(PATH).isEmpty());
        assertEquals(1, store.putSecret(PATH, secret("again"), OptionalInt.of(0)), "cas=0 after a full delete");
    }

    @Test
    void listWalksRepoTypeTagAndSkipsDeletedOnes() throws Exception {
        ResourcePath a = new ResourcePath("default", "speech", "api-key");
        ResourcePath b = new ResourcePath("default", "tls", "cert.pem");
        ResourcePath c = new ResourcePath("tenant-2", "model", "weights_v1");
        ResourcePath gone = new ResourcePath("tenant-2", "model", "old");
        for (ResourcePath p : List.of(c, b, a, gone)) {
            store.putSecret(p, secret("x"), OptionalInt.empty());
        }
        store.deleteSecretVersion(gone, 1);
        assertEquals(List.of(a, b, c), store.listSecrets());
    }

    @Test
    void binaryValuesRoundTripAsBase64() throws Exception {
        byte[] raw = new byte[256];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) i;
        }
        store.putSecret(PATH, SecretBytes.copyOf(raw, InsecureSecretAccess.get()), OptionalInt.empty());
        assertArrayEquals(raw, store.getSecret(PATH).orElseThrow().value().reveal(InsecureSecretAccess.get()));
    }

    @Test
    void oversizedSecretAndBadNamesAreRefused() {
        assertEquals(Reason.INVALID_ARGUMENT, assertThrows(KeyStorageException.class, () -> store.putSecret(PATH,
                SecretBytes.copyOf(new byte[(1 << 20) + 1], InsecureSecretAccess.get()), OptionalInt.empty())).reason());
        assertEquals(Reason.INVALID_ARGUMENT, assertThrows(KeyStorageException.class,
                () -> store.putSecret(new ResourcePath("a", "b", "c."), secret("x"), OptionalInt.empty())).reason());
    }
}
