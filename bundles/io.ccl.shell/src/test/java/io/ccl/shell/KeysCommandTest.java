package io.ccl.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.keys.api.Actor;
import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeyStorage;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyVersion;
import io.ccl.keys.api.KeyVersionState;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.tck.InMemoryKeyManagement;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeysCommandTest {
    private final InMemoryKeyManagement km = new InMemoryKeyManagement();
    private final KeysCommand command = new KeysCommand().withManagement(km);

    /** One line starting with {@code error: REASON: }. */
    static void assertError(String reason, String out) {
        assertTrue(out.startsWith("error: " + reason + ": "), out);
        assertFalse(out.contains("\n"), out);
        assertFalse(out.contains("Exception"), out);
    }

    @Test
    void listsKeysAsATable() throws Exception {
        assertEquals("store: memory\nno keys", command.keys());
        km.createKey(KeyText.actor(), "orders", KeyAlgorithm.AES_256_GCM, Set.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT));
        km.rotateKey(KeyText.actor(), "orders");
        km.createKey(KeyText.actor(), "receipts", KeyAlgorithm.EC_P384, Set.of(KeyPurpose.SIGN));
        String expected = """
                store: memory
                NAME      ALGORITHM    PURPOSES         LATEST  VERSIONS
                orders    AES_256_GCM  ENCRYPT,DECRYPT  2       v1:decrypt_only v2:active
                receipts  EC_P384      SIGN             1       v1:active""";
        assertEquals(expected, command.keys());
        assertEquals(expected, command.keys("list"));
    }

    @Test
    void showsOneKey() throws Exception {
        km.createKey(KeyText.actor(), "orders", KeyAlgorithm.AES_256_GCM, Set.of(KeyPurpose.ENCRYPT));
        assertEquals("""
                name=orders
                algorithm=AES_256_GCM
                purposes=ENCRYPT
                latest_version=1
                VERSION  STATE   CREATED
                1        ACTIVE  2026-11-21T10:00:00Z""", command.keys("show", "orders"));
        assertError("NOT_FOUND", command.keys("show", "nope"));
    }

    @Test
    void createsKeysAsTheShellUser() {
        String out = command.keys("create", "orders", "aes_256_gcm", "encrypt,decrypt", "WRAP");
        assertTrue(out.startsWith("created key orders\nname=orders\nalgorithm=AES_256_GCM\npurposes=ENCRYPT,DECRYPT,WRAP\n"),
                out);
        assertEquals(new Actor("shell:" + System.getProperty("user.name"), "shell"), km.actors.get(0));
        assertError("INVALID_ARGUMENT", command.keys("create", "orders", "AES_256_GCM", "ENCRYPT"));
        assertError("INVALID_ARGUMENT", command.keys("create", "x", "RSA", "SIGN"));
        assertError("INVALID_ARGUMENT", command.keys("create", "x", "EC_P256", "SIGN", "FLY"));
        assertError("INVALID_ARGUMENT", command.keys("create", "x", "EC_P256", "ENCRYPT"));
    }

    @Test
    void printsUsageAndStoreFailuresOnOneLine() {
        assertError("USAGE", command.keys("create", "x"));
        assertError("USAGE", command.keys("show"));
        assertError("USAGE", command.keys("list", "extra"));
        assertError("USAGE", command.keys("frobnicate"));
        km.failNext(KeyStorageException.Reason.UNAVAILABLE);
        String out = command.keys();
        assertError("UNAVAILABLE", out);
        assertTrue(out.contains(InMemoryKeyManagement.STORE_INTERNALS), out);
    }

    @Test
    void withoutKeyManagementListsTheStoresAsBefore() {
        KeysCommand bare = new KeysCommand();
        assertEquals("no key store is active", bare.keys());
        KeyStorage store = (KeyStorage) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {KeyStorage.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "kind" -> "local";
                    case "listKeys" -> List.of(new KeyInfo("orders", KeyAlgorithm.AES_256_GCM, Set.of(KeyPurpose.ENCRYPT),
                            List.of(new KeyVersion(1, KeyVersionState.DECRYPT_ONLY, Instant.EPOCH),
                                    new KeyVersion(2, KeyVersionState.ACTIVE, Instant.EPOCH))));
                    case "listSecrets" -> List.of(new ResourcePath("app", "db", "password"));
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        bare.addStore(store);
        assertEquals("store\tkind\tname\tdetail\nlocal\tkey\torders\tAES_256_GCM v1:decrypt_only,v2:active\n"
                + "local\tsecret\tapp/db/password\t-", bare.keys());
        assertError("UNAVAILABLE", bare.keys("show", "orders"));
        bare.removeStore(store);
        assertEquals("no key store is active", bare.keys("list"));
    }
}
