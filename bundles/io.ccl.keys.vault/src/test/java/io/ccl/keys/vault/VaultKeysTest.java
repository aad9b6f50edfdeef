package io.ccl.keys.vault;

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
import io.ccl.keys.api.KeyVersion;
import io.ccl.keys.api.KeyVersionState;
import io.ccl.keys.api.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class VaultKeysTest {
    static final Set<KeyPurpose> ENC_DEC = Set.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT);
    static final Set<KeyPurpose> SIGN_VERIFY = Set.of(KeyPurpose.SIGN, KeyPurpose.VERIFY);
    static final byte[] PLAIN = "call transcript".getBytes(StandardCharsets.UTF_8);
    static final byte[] AAD = "job-42".getBytes(StandardCharsets.UTF_8);

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

    static Reason reason(Executable call) {
        return assertThrows(KeyStorageException.class, call).reason();
    }

    static List<KeyVersionState> states(KeyInfo info) {
        return info.versions().stream().map(KeyVersion::state).toList();
    }

    @Test
    void ciphertextIsVaultsVersionedStringAndBindsAad() throws Exception {
        KeyInfo info = store.createKey("orders", KeyAlgorithm.AES_256_GCM, ENC_DEC);
        assertEquals(List.of(KeyVersionState.ACTIVE), states(info));
        byte[] ct = store.encrypt("orders", PLAIN, AAD);
        String text = new String(ct, StandardCharsets.US_ASCII);
        assertTrue(text.matches("vault:v1:[A-Za-z0-9+/]+=*"), text);
        assertArrayEquals(PLAIN, store.decrypt("orders", ct, AAD));
        assertEquals(Reason.INTEGRITY, reason(() -> store.decrypt("orders", ct, "job-43".getBytes(StandardCharsets.UTF_8))));
        assertEquals(Reason.INTEGRITY, reason(() -> store.decrypt("orders", ct, null)));
        byte[] noAad = store.encrypt("orders", PLAIN, null);
        assertArrayEquals(PLAIN, store.decrypt("orders", noAad, new byte[0]));
        byte[] tampered = ct.clone();
        tampered[12] = (byte) (tampered[12] == 'A' ? 'B' : 'A');
        assertEquals(Reason.INTEGRITY, reason(() -> store.decrypt("orders", tampered, AAD)));
        assertEquals(Reason.INTEGRITY, reason(() -> store.decrypt("orders", "not vault".getBytes(StandardCharsets.US_ASCII), AAD)));
        assertArrayEquals(new byte[0], store.decrypt("orders", store.encrypt("orders", new byte[0], AAD), AAD));
    }

    @Test
    void rotationMakesOlderVersionsDecryptOnlyAndVaultEnforcesIt() throws Exception {
        store.createKey("orders", KeyAlgorithm.AES_256_GCM, ENC_DEC);
        byte[] v1 = store.encrypt("orders", PLAIN, AAD);
        KeyInfo info = store.rotateKey("orders");
        assertEquals(List.of(KeyVersionState.DECRYPT_ONLY, KeyVersionState.ACTIVE), states(info));
        assertEquals(2, fx.vault.root().minEncryptionVersion("transit", "orders"), "Vault refuses encryption below the latest");
        byte[] v2 = store.encrypt("orders", PLAIN, AAD);
        assertTrue(new String(v2, StandardCharsets.US_ASCII).startsWith("vault:v2:"));
        assertArrayEquals(PLAIN, store.decrypt("orders", v1, AAD));
        byte[] rewrapped = store.rewrap("orders", v1, AAD);
        assertTrue(new String(rewrapped, StandardCharsets.US_ASCII).startsWith("vault:v2:"));
        assertArrayEquals(PLAIN, store.decrypt("orders", rewrapped, AAD));
        byte[] plain1 = store.encrypt("orders", PLAIN, null);
        store.rotateKey("orders");
        byte[] serverSide = store.rewrap("orders", plain1, null);
        assertTrue(new String(serverSide, StandardCharsets.US_ASCII).startsWith("vault:v3:"));
        assertArrayEquals(PLAIN, store.decrypt("orders", serverSide, null));
    }

    @Test
    void revokingTheLowestVersionsRaisesVaultsMinimum() throws Exception {
        store.createKey("orders", KeyAlgorithm.AES_256_GCM, ENC_DEC);
        byte[] v1 = store.encrypt("orders", PLAIN, null);
        store.rotateKey("orders");
        byte[] v2 = store.encrypt("orders", PLAIN, null);
        store.rotateKey("orders");
        byte[] v3 = store.encrypt("orders", PLAIN, null);

        // A middle version: only CCL can refuse it, Vault's minimum stays at 1.
        KeyInfo info = store.setVersionState("orders", 2, KeyVersionState.REVOKED);
        assertEquals(List.of(KeyVersionState.DECRYPT_ONLY, KeyVersionState.REVOKED, KeyVersionState.ACTIVE), states(info));
        assertEquals(1, fx.vault.root().minDecryptionVersion("transit", "orders"));
        assertEquals(Reason.KEY_UNUSABLE, reason(() -> store.decrypt("orders", v2, null)));

        // Now the bottom is contiguous: Vault itself refuses versions 1 and 2.
        info = store.setVersionState("orders", 1, KeyVersionState.RETIRED);
        assertEquals(List.of(KeyVersionState.RETIRED, KeyVersionState.REVOKED, KeyVersionState.ACTIVE), states(info));
        assertEquals(3, fx.vault.root().minDecryptionVersion("transit", "orders"));
        assertEquals(Reason.KEY_UNUSABLE, reason(() -> store.decrypt("orders", v1, null)));
        assertArrayEquals(PLAIN, store.decrypt("orders", v3, null));

        assertEquals(Reason.KEY_UNUSABLE, reason(() -> store.setVersionState("orders", 2, KeyVersionState.RETIRED)), "revocation is final");
        assertEquals(states(info), states(store.setVersionState("orders", 2, KeyVersionState.REVOKED)), "idempotent");
        assertEquals(Reason.INVALID_ARGUMENT, reason(() -> store.setVersionState("orders", 3, KeyVersionState.ACTIVE)));
        assertEquals(Reason.NOT_FOUND, reason(() -> store.setVersionState("orders", 4, KeyVersionState.RETIRED)));
    }

    @Test
    void revokingTheActiveVersionStopsEncryptionUntilRotation() throws Exception {
        store.createKey("orders", KeyAlgorithm.AES_256_GCM, ENC_DEC);
        byte[] v1 = store.encrypt("orders", PLAIN, null);
        store.setVersionState("orders", 1, KeyVersionState.REVOKED);
        assertEquals(Reason.KEY_UNUSABLE, reason(() -> store.encrypt("orders", PLAIN, null)));
        assertEquals(Reason.KEY_UNUSABLE, reason(() -> store.decrypt("orders", v1, null)));
        KeyInfo info = store.rotateKey("orders");
        assertEquals(List.of(KeyVersionState.REVOKED, KeyVersionState.ACTIVE), states(info));
        assertEquals(2, fx.vault.root().minDecryptionVersion("transit", "orders"), "rotation lets Vault refuse the revoked version");
        assertTrue(new String(store.encrypt("orders", PLAIN, null), StandardCharsets.US_ASCII).startsWith("vault:v2:"));
    }

    @Test
    void deletionNeedsEveryVersionUnusableThenDeletionAllowed() throws Exception {
        store.createKey("orders", KeyAlgorithm.AES_256_GCM, ENC_DEC);
        store.rotateKey("orders");
        assertEquals(Reason.NOT_PERMITTED, reason(() -> store.deleteKey("orders")));
        store.setVersionState("orders", 1, KeyVersionState.RETIRED);
        assertEquals(Reason.NOT_PERMITTED, reason(() -> store.deleteKey("orders")));
        store.setVersionState("orders", 2, KeyVersionState.REVOKED);
        store.deleteKey("orders");
        assertTrue(store.keyInfo("orders").isEmpty());
        assertTrue(store.listKeys().isEmpty());
        assertEquals(Reason.NOT_FOUND, reason(() -> store.deleteKey("orders")));
        store.createKey("orders", KeyAlgorithm.EC_P256, SIGN_VERIFY);
        assertEquals(KeyAlgorithm.EC_P256, store.keyInfo("orders").orElseThrow().algorithm());
    }

    @Test
    void createRefusesDuplicatesBadNamesAndPurposes() throws Exception {
        store.createKey("orders", KeyAlgorithm.AES_256_GCM, ENC_DEC);
        assertEquals(Reason.INVALID_ARGUMENT, reason(() -> store.createKey("orders", KeyAlgorithm.AES_256_GCM, ENC_DEC)));
        assertEquals(Reason.INVALID_ARGUMENT, reason(() -> store.createKey("orders", KeyAlgorithm.EC_P256, SIGN_VERIFY)));
        assertEquals(Reason.INVALID_ARGUMENT, reason(() -> store.createKey("bad/name", KeyAlgorithm.AES_256_GCM, ENC_DEC)));
        assertEquals(Reason.INVALID_ARGUMENT, reason(() -> store.createKey(".hidden", KeyAlgorithm.AES_256_GCM, ENC_DEC)));
        assertEquals(Reason.INVALID_ARGUMENT, reason(() -> store.createKey("x", KeyAlgorithm.AES_256_GCM, SIGN_VERIFY)));
        assertEquals(Reason.INVALID_ARGUMENT, reason(() -> store.createKey("y", KeyAlgorithm.EC_P384, ENC_DEC)));
        assertEquals(Reason.INVALID_ARGUMENT, reason(() -> store.createKey("z", KeyAlgorithm.EC_P384, Set.of())));
        assertTrue(store.keyInfo("bad/name").isEmpty());
        assertEquals(List.of("orders"), store.listKeys().stream().map(KeyInfo::name).toList());
    }

    @Test
    void purposesAreEnforcedBeforeVaultIsAsked() throws Exception {
        store.createKey("enc-only", KeyAlgorithm.AES_256_GCM, Set.of(KeyPurpose.ENCRYPT));
        byte[] ct = store.encrypt("enc-only", PLAIN, null);
        assertEquals(Reason.NOT_PERMITTED, reason(() -> store.decrypt("enc-only", ct, null)));
        assertEquals(Reason.NOT_PERMITTED, reason(() -> store.wrap("enc-only", SecretBytes.copyOf(new byte[32], InsecureSecretAccess.get()))));
        assertEquals(Reason.NOT_PERMITTED, reason(() -> store.sign("enc-only", PLAIN)));
        assertEquals(Reason.NOT_PERMITTED, reason(() -> store.publicKey("enc-only", 1)));
        store.createKey("signer", KeyAlgorithm.EC_P256, Set.of(KeyPurpose.SIGN));
        assertEquals(Reason.NOT_PERMITTED, reason(() -> store.encrypt("signer", PLAIN, null)));
        KeySignature sig = store.sign("signer", PLAIN);
        assertEquals(Reason.NOT_PERMITTED, reason(() -> store.verify("signer", sig.version(), PLAIN, sig.der())));
        assertEquals(Reason.NOT_FOUND, reason(() -> store.encrypt("missing", PLAIN, null)));
    }

    @Test
    void dataKeysAndWrappingShareOneFormat() throws Exception {
        store.createKey("kek", KeyAlgorithm.AES_256_GCM, Set.of(KeyPurpose.WRAP, KeyPurpose.UNWRAP));
        DataKey dk = store.generateDataKey("kek");
        assertEquals(32, dk.plaintext().size());
        assertEquals(1, dk.version());
        assertTrue(new String(dk.wrapped(), StandardCharsets.US_ASCII).startsWith("vault:v1:"));
        assertTrue(dk.plaintext().equalsSecret(store.unwrap("kek", dk.wrapped())));
        SecretBytes material = SecretBytes.copyOf(new byte[] {1, 2, 3, 4}, InsecureSecretAccess.get());
        byte[] wrapped = store.wrap("kek", material);
        assertTrue(material.equalsSecret(store.unwrap("kek", wrapped)));
        store.rotateKey("kek");
        assertEquals(2, store.generateDataKey("kek").version());
        store.setVersionState("kek", 1, KeyVersionState.REVOKED);
        assertEquals(Reason.KEY_UNUSABLE, reason(() -> store.unwrap("kek", dk.wrapped())));
        assertFalse(dk.toString().contains(new String(dk.plaintext().reveal(InsecureSecretAccess.get()), StandardCharsets.ISO_8859_1)));
    }

    @Test
    void signaturesAreDerEcdsaWithTheCurvesHash() throws Exception {
        for (KeyAlgorithm alg : List.of(KeyAlgorithm.EC_P256, KeyAlgorithm.EC_P384)) {
            String name = "receipts-" + alg.name().toLowerCase();
            store.createKey(name, alg, SIGN_VERIFY);
            KeySignature sig = store.sign(name, PLAIN);
            assertEquals(1, sig.version());
            assertTrue(store.verify(name, 1, PLAIN, sig.der()));
            assertFalse(store.verify(name, 1, "other".getBytes(StandardCharsets.UTF_8), sig.der()));
            assertFalse(store.verify(name, 1, PLAIN, new byte[] {1, 2, 3}), "garbage is an invalid signature, not an error");
            PublicKey pub = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(store.publicKey(name, 1)));
            Signature jdk = Signature.getInstance(alg == KeyAlgorithm.EC_P256 ? "SHA256withECDSA" : "SHA384withECDSA");
            jdk.initVerify(pub);
            jdk.update(PLAIN);
            assertTrue(jdk.verify(sig.der()), alg + " signature verifies with the JDK and the curve's hash");
            store.rotateKey(name);
            KeySignature sig2 = store.sign(name, PLAIN);
            assertEquals(2, sig2.version());
            assertNotEquals(List.of(store.publicKey(name, 1)), List.of(store.publicKey(name, 2)));
            assertTrue(store.verify(name, 1, PLAIN, sig.der()), "decrypt-only versions still verify");
            store.setVersionState(name, 1, KeyVersionState.RETIRED);
            assertEquals(Reason.KEY_UNUSABLE, reason(() -> store.verify(name, 1, PLAIN, sig.der())));
            assertEquals(Reason.KEY_UNUSABLE, reason(() -> store.publicKey(name, 1)));
            assertEquals(Reason.NOT_FOUND, reason(() -> store.publicKey(name, 3)));
        }
    }

    @Test
    void aTransitKeyWithoutCclRecordIsNeitherListedNorAdopted() throws Exception {
        store.createKey("managed", KeyAlgorithm.AES_256_GCM, ENC_DEC);
        // A key someone made directly in Vault.
        var http = new io.ccl.keys.vault.http.VaultHttp(fx.vault.address(), "",
                io.ccl.keys.vault.http.TlsContexts.trusting(fx.caBundle), java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(5));
        var body = http.json().createObjectNode().put("type", "aes256-gcm96");
        assertEquals(200, http.send("POST", "transit/keys/foreign", body, io.ccl.keys.vault.http.VaultToken.of(fx.vault.rootToken())).status());
        assertTrue(store.keyInfo("foreign").isEmpty());
        assertEquals(List.of("managed"), store.listKeys().stream().map(KeyInfo::name).toList());
        assertEquals(Reason.INVALID_ARGUMENT, reason(() -> store.createKey("foreign", KeyAlgorithm.AES_256_GCM, ENC_DEC)));
        assertEquals(Reason.NOT_FOUND, reason(() -> store.encrypt("foreign", PLAIN, null)));
    }

    @Test
    void aNonCanonicalBase64SpellingOfACiphertextIsRefused() throws Exception {
        store.createKey("orders", KeyAlgorithm.AES_256_GCM, ENC_DEC);
        // 12-byte nonce + 1-byte plaintext + 16-byte tag = 29 bytes: the last base64 character has 2 unused bits.
        byte[] ct = store.encrypt("orders", new byte[] {42}, null);
        String text = new String(ct, StandardCharsets.US_ASCII);
        assertTrue(text.endsWith("="), text);
        int last = text.length() - 2;
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        char sibling = alphabet.charAt(alphabet.indexOf(text.charAt(last)) ^ 1); // differs only in an unused bit
        byte[] variant = (text.substring(0, last) + sibling + "=").getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(java.util.Base64.getDecoder().decode(text.substring(9)), java.util.Base64.getDecoder().decode(
                new String(variant, StandardCharsets.US_ASCII).substring(9)), "both spellings decode to the same bytes");
        assertEquals(Reason.INTEGRITY, reason(() -> store.decrypt("orders", variant, null)));
        assertArrayEquals(new byte[] {42}, store.decrypt("orders", ct, null));
    }
}
