package io.ccl.keys.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.keys.api.DataKey;
import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeySignature;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.KeyVersionState;
import io.ccl.keys.api.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Keys on a real SoftHSM2 token: generation, GCM, key wrap, ECDSA, lifecycle and persistence. */
class Pkcs11KeysTest {
    private static final Set<KeyPurpose> AES_ALL = EnumSet.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT, KeyPurpose.WRAP, KeyPurpose.UNWRAP);
    private static final Set<KeyPurpose> EC_ALL = EnumSet.of(KeyPurpose.SIGN, KeyPurpose.VERIFY);
    private static final byte[] AAD = "order-42".getBytes(StandardCharsets.UTF_8);

    private SoftHsmToken token;
    private String namespace;
    private Pkcs11KeyStorage store;

    @BeforeEach
    void open() throws Exception {
        token = SoftHsmToken.get();
        namespace = SoftHsmToken.freshNamespace();
        store = token.open(namespace);
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void encryptsAndDecryptsWithVersionedCiphertexts() throws Exception {
        KeyInfo info = store.createKey("orders", KeyAlgorithm.AES_256_GCM, AES_ALL);
        assertEquals(1, info.latestVersion());
        byte[] plaintext = "call recording 17".getBytes(StandardCharsets.UTF_8);
        byte[] c1 = store.encrypt("orders", plaintext, AAD);
        byte[] c2 = store.encrypt("orders", plaintext, AAD);
        assertEquals(1 + 4 + 12 + plaintext.length + 16, c1.length);
        assertEquals(1, c1[4], "the ciphertext names version 1");
        assertNotEquals(new String(c1, StandardCharsets.ISO_8859_1), new String(c2, StandardCharsets.ISO_8859_1), "fresh IV per call");
        assertArrayEquals(plaintext, store.decrypt("orders", c1, AAD));
        assertArrayEquals(new byte[0], store.decrypt("orders", store.encrypt("orders", new byte[0], null), null));
        assertArrayEquals(new byte[0], store.decrypt("orders", store.encrypt("orders", new byte[0], new byte[0]), null),
                "null and empty aad are the same");
        byte[] large = new byte[200_000];
        large[12345] = 7;
        assertArrayEquals(large, store.decrypt("orders", store.encrypt("orders", large, AAD), AAD));
    }

    @Test
    void detectsTamperingAsIntegrityFailures() throws Exception {
        store.createKey("k", KeyAlgorithm.AES_256_GCM, AES_ALL);
        byte[] c = store.encrypt("k", "secret payload".getBytes(StandardCharsets.UTF_8), AAD);
        for (int i = 5; i < c.length; i++) {
            byte[] bad = c.clone();
            bad[i] ^= 0x01;
            assertReason(Reason.INTEGRITY, () -> store.decrypt("k", bad, AAD));
        }
        assertReason(Reason.INTEGRITY, () -> store.decrypt("k", c, "other".getBytes(StandardCharsets.UTF_8)));
        assertReason(Reason.INTEGRITY, () -> store.decrypt("k", new byte[20], AAD));
        byte[] otherFormat = c.clone();
        otherFormat[0] = 9;
        assertReason(Reason.INTEGRITY, () -> store.decrypt("k", otherFormat, AAD));
        byte[] otherVersion = c.clone();
        otherVersion[4] = 2;
        assertReason(Reason.NOT_FOUND, () -> store.decrypt("k", otherVersion, AAD));
        store.rotateKey("k");
        assertReason(Reason.INTEGRITY, () -> store.decrypt("k", otherVersion, AAD));
        assertArrayEquals("secret payload".getBytes(StandardCharsets.UTF_8), store.decrypt("k", c, AAD), "the store still works");
    }

    @Test
    void rotationRetirementAndRevocation() throws Exception {
        store.createKey("r", KeyAlgorithm.AES_256_GCM, AES_ALL);
        byte[] v1 = store.encrypt("r", new byte[] {1}, AAD);
        KeyInfo rotated = store.rotateKey("r");
        assertEquals(KeyVersionState.DECRYPT_ONLY, rotated.versions().get(0).state());
        assertEquals(KeyVersionState.ACTIVE, rotated.versions().get(1).state());
        byte[] v2 = store.encrypt("r", new byte[] {2}, AAD);
        assertEquals(2, v2[4]);
        assertArrayEquals(new byte[] {1}, store.decrypt("r", v1, AAD));
        byte[] rewrapped = store.rewrap("r", v1, AAD);
        assertEquals(2, rewrapped[4]);
        assertArrayEquals(new byte[] {1}, store.decrypt("r", rewrapped, AAD));

        store.setVersionState("r", 1, KeyVersionState.RETIRED);
        assertReason(Reason.KEY_UNUSABLE, () -> store.decrypt("r", v1, AAD));
        assertReason(Reason.INVALID_ARGUMENT, () -> store.setVersionState("r", 1, KeyVersionState.ACTIVE));
        store.setVersionState("r", 1, KeyVersionState.REVOKED);
        assertReason(Reason.KEY_UNUSABLE, () -> store.setVersionState("r", 1, KeyVersionState.RETIRED));
        assertEquals(0, TokenProbe.countKeyObjects(store, namespace + ":key:r:v1"), "revocation destroyed the key object");
        assertEquals(1, TokenProbe.countKeyObjects(store, namespace + ":key:r:v2"));

        store.setVersionState("r", 2, KeyVersionState.REVOKED);
        assertReason(Reason.KEY_UNUSABLE, () -> store.encrypt("r", new byte[1], AAD));
        assertReason(Reason.KEY_UNUSABLE, () -> store.decrypt("r", v2, AAD));
        KeyInfo v3 = store.rotateKey("r");
        assertEquals(3, v3.latestVersion());
        assertEquals(KeyVersionState.REVOKED, v3.versions().get(1).state(), "rotation leaves revoked versions revoked");
        assertArrayEquals(new byte[] {3}, store.decrypt("r", store.encrypt("r", new byte[] {3}, AAD), AAD));
    }

    @Test
    void enforcesPurposesAndAlgorithms() throws Exception {
        store.createKey("enc-only", KeyAlgorithm.AES_256_GCM, EnumSet.of(KeyPurpose.ENCRYPT));
        byte[] c = store.encrypt("enc-only", new byte[] {1}, AAD);
        assertReason(Reason.NOT_PERMITTED, () -> store.decrypt("enc-only", c, AAD));
        assertReason(Reason.NOT_PERMITTED, () -> store.wrap("enc-only", secret(new byte[32])));
        assertReason(Reason.NOT_PERMITTED, () -> store.generateDataKey("enc-only"));
        assertReason(Reason.NOT_PERMITTED, () -> store.sign("enc-only", new byte[1]));
        assertReason(Reason.NOT_PERMITTED, () -> store.publicKey("enc-only", 1));
        store.createKey("ec", KeyAlgorithm.EC_P256, EnumSet.of(KeyPurpose.SIGN));
        assertReason(Reason.NOT_PERMITTED, () -> store.encrypt("ec", new byte[1], AAD));
        assertReason(Reason.NOT_PERMITTED, () -> store.verify("ec", 1, new byte[1], new byte[8]));
        assertReason(Reason.INVALID_ARGUMENT, () -> store.createKey("bad", KeyAlgorithm.EC_P256, EnumSet.of(KeyPurpose.ENCRYPT)));
        assertReason(Reason.INVALID_ARGUMENT, () -> store.createKey("bad", KeyAlgorithm.AES_256_GCM, EnumSet.noneOf(KeyPurpose.class)));
        assertReason(Reason.INVALID_ARGUMENT, () -> store.createKey("ec", KeyAlgorithm.EC_P256, EC_ALL));
        for (String name : new String[] {"", ".", "..", "a:b", "a/b", "x".repeat(129)}) {
            assertReason(Reason.INVALID_ARGUMENT, () -> store.createKey(name, KeyAlgorithm.AES_256_GCM, AES_ALL));
        }
        assertReason(Reason.NOT_FOUND, () -> store.encrypt("missing", new byte[1], AAD));
        assertTrue(store.keyInfo("missing").isEmpty());
        assertTrue(store.keyInfo("a:b").isEmpty());
    }

    @Test
    void wrapsUnwrapsAndGeneratesDataKeys() throws Exception {
        store.createKey("w", KeyAlgorithm.AES_256_GCM, EnumSet.of(KeyPurpose.WRAP, KeyPurpose.UNWRAP));
        for (int length : new int[] {1, 7, 9, 16, 32, 33, 100, 4096}) {
            byte[] material = new byte[length];
            for (int i = 0; i < length; i++) {
                material[i] = (byte) (i * 31 + length);
            }
            byte[] wrapped = store.wrap("w", secret(material));
            assertEquals(2, wrapped[0]);
            assertEquals(1, wrapped[4]);
            assertEquals(0, (wrapped.length - 5) % 8);
            assertArrayEquals(material, reveal(store.unwrap("w", wrapped)), "length " + length);
        }
        assertReason(Reason.INVALID_ARGUMENT, () -> store.wrap("w", secret(new byte[0])));
        assertReason(Reason.INVALID_ARGUMENT, () -> store.wrap("w", secret(new byte[4097])));

        DataKey dataKey = store.generateDataKey("w");
        assertEquals(32, dataKey.plaintext().size());
        assertEquals(1, dataKey.version());
        assertEquals(5 + 56, dataKey.wrapped().length, "frame of 15+32 bytes padded to 48, plus the 8-byte RFC 3394 check");
        assertTrue(store.unwrap("w", dataKey.wrapped()).equalsSecret(dataKey.plaintext()));
        assertFalse(store.generateDataKey("w").plaintext().equalsSecret(dataKey.plaintext()));

        byte[] wrapped = dataKey.wrapped();
        for (int i = 5; i < wrapped.length; i++) {
            byte[] bad = wrapped.clone();
            bad[i] ^= 0x40;
            assertReason(Reason.INTEGRITY, () -> store.unwrap("w", bad));
        }
        assertReason(Reason.INTEGRITY, () -> store.unwrap("w", new byte[12]));
        store.rotateKey("w");
        byte[] headerSwapped = wrapped.clone();
        headerSwapped[4] = 2;
        assertReason(Reason.INTEGRITY, () -> store.unwrap("w", headerSwapped));
        assertTrue(store.unwrap("w", wrapped).equalsSecret(dataKey.plaintext()), "DECRYPT_ONLY versions still unwrap");
        assertEquals(2, store.generateDataKey("w").version());
        store.setVersionState("w", 1, KeyVersionState.RETIRED);
        assertReason(Reason.KEY_UNUSABLE, () -> store.unwrap("w", wrapped));
    }

    @Test
    void signsWithP256AndP384InDerThatTheJdkVerifies() throws Exception {
        for (KeyAlgorithm algorithm : new KeyAlgorithm[] {KeyAlgorithm.EC_P256, KeyAlgorithm.EC_P384}) {
            String name = algorithm.name().toLowerCase();
            store.createKey(name, algorithm, EC_ALL);
            byte[] data = ("evidence for " + name).getBytes(StandardCharsets.UTF_8);
            KeySignature signature = store.sign(name, data);
            assertEquals(1, signature.version());
            assertEquals(0x30, signature.der()[0] & 0xff, "DER SEQUENCE");
            assertTrue(store.verify(name, 1, data, signature.der()));
            assertFalse(store.verify(name, 1, "other".getBytes(StandardCharsets.UTF_8), signature.der()));
            assertFalse(store.verify(name, 1, data, new byte[] {0x30, 0x00}));
            assertFalse(store.verify(name, 1, data, new byte[64]));
            byte[] trailing = java.util.Arrays.copyOf(signature.der(), signature.der().length + 1);
            assertFalse(store.verify(name, 1, data, trailing), "trailing bytes are not DER");

            byte[] spki = store.publicKey(name, 1);
            PublicKey publicKey = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
            Signature jdk = Signature.getInstance(algorithm == KeyAlgorithm.EC_P256 ? "SHA256withECDSA" : "SHA384withECDSA");
            jdk.initVerify(publicKey);
            jdk.update(data);
            assertTrue(jdk.verify(signature.der()), "the JDK verifies the token's signature with the exported SPKI");
            assertEquals(algorithm == KeyAlgorithm.EC_P256 ? 256 : 384,
                    ((java.security.interfaces.ECPublicKey) publicKey).getParams().getOrder().bitLength());

            Signature jdkSigner = Signature.getInstance(algorithm == KeyAlgorithm.EC_P256 ? "SHA256withECDSA" : "SHA384withECDSA");
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
            generator.initialize(new java.security.spec.ECGenParameterSpec(algorithm == KeyAlgorithm.EC_P256 ? "secp256r1" : "secp384r1"));
            jdkSigner.initSign(generator.generateKeyPair().getPrivate());
            jdkSigner.update(data);
            assertFalse(store.verify(name, 1, data, jdkSigner.sign()), "a signature by another key does not verify");

            store.rotateKey(name);
            assertEquals(2, store.sign(name, data).version());
            assertTrue(store.verify(name, 1, data, signature.der()), "DECRYPT_ONLY versions still verify");
            assertFalse(java.util.Arrays.equals(spki, store.publicKey(name, 2)));
            store.setVersionState(name, 1, KeyVersionState.REVOKED);
            assertReason(Reason.KEY_UNUSABLE, () -> store.verify(name, 1, data, signature.der()));
            assertReason(Reason.KEY_UNUSABLE, () -> store.publicKey(name, 1));
            assertReason(Reason.NOT_FOUND, () -> store.publicKey(name, 3));
        }
    }

    @Test
    void deletesOnlyKeysWithoutUsableVersions() throws Exception {
        store.createKey("d", KeyAlgorithm.EC_P384, EC_ALL);
        assertReason(Reason.NOT_PERMITTED, () -> store.deleteKey("d"));
        store.setVersionState("d", 1, KeyVersionState.RETIRED);
        store.deleteKey("d");
        assertTrue(store.keyInfo("d").isEmpty());
        assertEquals(0, TokenProbe.countKeyObjects(store, namespace + ":key:d:v1"), "private and public key destroyed");
        assertReason(Reason.NOT_FOUND, () -> store.deleteKey("d"));
        KeyInfo again = store.createKey("d", KeyAlgorithm.AES_256_GCM, AES_ALL);
        assertEquals(1, again.latestVersion(), "the name can be used again");
        assertArrayEquals(new byte[] {5}, store.decrypt("d", store.encrypt("d", new byte[] {5}, null), null));
    }

    @Test
    void everythingSurvivesAReopen() throws Exception {
        store.createKey("p-aes", KeyAlgorithm.AES_256_GCM, AES_ALL);
        store.createKey("p-ec", KeyAlgorithm.EC_P256, EC_ALL);
        byte[] c = store.encrypt("p-aes", new byte[] {42}, AAD);
        store.rotateKey("p-aes");
        store.setVersionState("p-aes", 1, KeyVersionState.RETIRED);
        byte[] c2 = store.encrypt("p-aes", new byte[] {43}, AAD);
        KeySignature signature = store.sign("p-ec", new byte[] {1});
        KeyInfo before = store.keyInfo("p-aes").orElseThrow();
        store.close();

        store = token.open(namespace);
        assertEquals(before, store.keyInfo("p-aes").orElseThrow());
        assertEquals(2, store.listKeys().size());
        assertReason(Reason.KEY_UNUSABLE, () -> store.decrypt("p-aes", c, AAD));
        assertArrayEquals(new byte[] {43}, store.decrypt("p-aes", c2, AAD));
        assertTrue(store.verify("p-ec", 1, new byte[] {1}, signature.der()));
        store.close();
        assertReason(Reason.UNAVAILABLE, () -> store.encrypt("p-aes", new byte[1], AAD));
        store = null;
    }

    @Test
    void namespacesAreIsolated() throws Exception {
        store.createKey("shared-name", KeyAlgorithm.AES_256_GCM, AES_ALL);
        byte[] c = store.encrypt("shared-name", new byte[] {1}, AAD);
        try (Pkcs11KeyStorage other = token.newStore()) {
            assertTrue(other.listKeys().isEmpty());
            other.createKey("shared-name", KeyAlgorithm.AES_256_GCM, AES_ALL);
            assertReason(Reason.INTEGRITY, () -> other.decrypt("shared-name", c, AAD));
        }
        assertArrayEquals(new byte[] {1}, store.decrypt("shared-name", c, AAD), "closing one store leaves the other logged in");
    }

    static void assertReason(Reason reason, Executable executable) {
        KeyStorageException e = assertThrows(KeyStorageException.class, executable);
        assertEquals(reason, e.reason(), e.getMessage());
    }

    static SecretBytes secret(byte[] bytes) {
        return SecretBytes.copyOf(bytes, InsecureSecretAccess.get());
    }

    static byte[] reveal(SecretBytes secret) {
        return secret.reveal(InsecureSecretAccess.get());
    }
}
