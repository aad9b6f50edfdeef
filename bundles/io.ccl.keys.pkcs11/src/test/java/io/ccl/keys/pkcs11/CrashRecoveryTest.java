package io.ccl.keys.pkcs11;

import static io.ccl.keys.pkcs11.Pkcs11KeysTest.assertReason;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_VALUE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_EC;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_KEY_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_EC_KEY_PAIR_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_DATA;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.KeyVersionState;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.pkcs11.layout.Labels;
import io.ccl.keys.pkcs11.token.TokenObjects;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.KeyPairTemplate;
import org.xipki.pkcs11.wrapper.Mechanism;

/**
 * The token states a crash can leave between two PKCS#11 calls, made by hand, and what the next
 * start makes of them: leftover key and secret objects are destroyed, superseded and torn
 * metadata generations give way to the newest valid one, and metadata that cannot be trusted
 * makes its key unusable (INTEGRITY) instead of being guessed at.
 */
class CrashRecoveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] P256 = {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07};

    private SoftHsmToken token;
    private String namespace;
    private Labels labels;
    private Pkcs11KeyStorage tool;

    @BeforeEach
    void open() throws Exception {
        token = SoftHsmToken.get();
        namespace = SoftHsmToken.freshNamespace();
        labels = new Labels(namespace);
        // A store in another namespace: its logged-in sessions see, and can forge, every object.
        tool = token.newStore();
    }

    @AfterEach
    void close() {
        tool.close();
    }

    @Test
    void keyObjectsNoMetadataNamesAreDestroyedAtStart() throws Exception {
        try (Pkcs11KeyStorage store = token.open(namespace)) {
            store.createKey("k", KeyAlgorithm.AES_256_GCM, EnumSet.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT));
            store.createKey("gone", KeyAlgorithm.AES_256_GCM, EnumSet.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT));
            store.rotateKey("gone");
            store.setVersionState("gone", 1, KeyVersionState.REVOKED);
        }
        // A rotation that generated v2 and died before its metadata; a create that died likewise;
        // a revocation that recorded REVOKED and died before destroying the key.
        forgeAesKey(labels.keyVersion("k", 2));
        forgeAesKey(labels.keyVersion("ghost", 1));
        forgeEcKey(labels.keyVersion("ghost-ec", 1));
        forgeAesKey(labels.keyVersion("gone", 1));

        try (Pkcs11KeyStorage store = token.open(namespace)) {
            assertEquals(0, TokenProbe.countKeyObjects(tool, labels.keyVersion("k", 2)));
            assertEquals(0, TokenProbe.countKeyObjects(tool, labels.keyVersion("ghost", 1)));
            assertEquals(0, TokenProbe.countKeyObjects(tool, labels.keyVersion("ghost-ec", 1)), "private and public key");
            assertEquals(0, TokenProbe.countKeyObjects(tool, labels.keyVersion("gone", 1)));
            assertEquals(1, TokenProbe.countKeyObjects(tool, labels.keyVersion("k", 1)));
            assertEquals(1, TokenProbe.countKeyObjects(tool, labels.keyVersion("gone", 2)));
            assertEquals(1, store.keyInfo("k").orElseThrow().latestVersion());
            assertEquals(2, store.rotateKey("k").latestVersion());
            assertArrayEquals(new byte[] {1}, store.decrypt("k", store.encrypt("k", new byte[] {1}, null), null));
            assertEquals(1, store.createKey("ghost", KeyAlgorithm.EC_P256, EnumSet.of(KeyPurpose.SIGN)).latestVersion());
        }
    }

    @Test
    void theNewestValidMetadataGenerationWins() throws Exception {
        String label = labels.keyMetadata("k");
        ObjectNode first;
        try (Pkcs11KeyStorage store = token.open(namespace)) {
            store.createKey("k", KeyAlgorithm.AES_256_GCM, EnumSet.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT));
            first = readMetadata(label);
            store.rotateKey("k");
        }
        ObjectNode second = readMetadata(label);
        assertEquals(2, second.path("generation").asLong());
        // Generation 1 survived (crash before its destroy), and a third write was torn halfway.
        forgeMetadata(label, JSON.writeValueAsBytes(first));
        byte[] third = JSON.writeValueAsBytes(second.put("generation", 3));
        forgeMetadata(label, Arrays.copyOf(third, third.length / 2));
        assertEquals(3, TokenProbe.countDataObjects(tool, label));

        try (Pkcs11KeyStorage store = token.open(namespace)) {
            assertEquals(2, store.keyInfo("k").orElseThrow().latestVersion(), "generation 2 is the newest valid one");
            assertEquals(1, TokenProbe.countDataObjects(tool, label), "the others are destroyed");
            assertEquals(3, store.rotateKey("k").latestVersion());
        }
        assertEquals(3, readMetadata(label).path("generation").asLong());
    }

    @Test
    void untrustworthyMetadataMakesTheKeyUnusable() throws Exception {
        try (Pkcs11KeyStorage store = token.open(namespace)) {
            store.createKey("torn", KeyAlgorithm.AES_256_GCM, EnumSet.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT));
            store.createKey("lying", KeyAlgorithm.AES_256_GCM, EnumSet.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT));
            store.createKey("fine", KeyAlgorithm.AES_256_GCM, EnumSet.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT));
            store.rotateKey("lying");
        }
        replaceMetadata(labels.keyMetadata("torn"), "{\"format\":1,\"kind\":\"key\",\"na".getBytes(StandardCharsets.UTF_8));
        ObjectNode lying = readMetadata(labels.keyMetadata("lying"));
        ((ObjectNode) lying.path("versions").get(0)).put("state", "ACTIVE");
        lying.put("generation", 9);
        forgeMetadata(labels.keyMetadata("lying"), JSON.writeValueAsBytes(lying));

        try (Pkcs11KeyStorage store = token.open(namespace)) {
            for (String name : new String[] {"torn", "lying"}) {
                assertReason(Reason.INTEGRITY, () -> store.keyInfo(name));
                assertReason(Reason.INTEGRITY, () -> store.encrypt(name, new byte[1], null));
                assertReason(Reason.INVALID_ARGUMENT, () -> store.createKey(name, KeyAlgorithm.AES_256_GCM, EnumSet.of(KeyPurpose.ENCRYPT)));
            }
            assertEquals(1, TokenProbe.countKeyObjects(tool, labels.keyVersion("torn", 1)), "keys of broken metadata are kept");
            assertEquals(1, store.listKeys().size(), "only the readable key is listed");
            assertArrayEquals(new byte[] {2}, store.decrypt("fine", store.encrypt("fine", new byte[] {2}, null), null));
        }
    }

    @Test
    void secretObjectsNoMetadataNamesAreDestroyedAtStart() throws Exception {
        ResourcePath path = new ResourcePath("crash", "secret", "s");
        try (Pkcs11KeyStorage store = token.open(namespace)) {
            store.putSecret(path, Pkcs11KeysTest.secret(new byte[] {1}), OptionalInt.empty());
            store.putSecret(path, Pkcs11KeysTest.secret(new byte[] {2}), OptionalInt.empty());
            store.destroySecretVersion(path, 1);
        }
        // A put that created v3 and died before its metadata; a destroy that died before its delete.
        forgeSecretValue(labels.secretVersion(path, 3), new byte[] {1, 3});
        forgeSecretValue(labels.secretVersion(path, 1), new byte[] {1, 1});
        forgeSecretValue(labels.secretVersion(new ResourcePath("crash", "never", "written"), 1), new byte[] {1, 9});

        try (Pkcs11KeyStorage store = token.open(namespace)) {
            assertEquals(0, TokenProbe.countDataObjects(tool, labels.secretVersion(path, 3)));
            assertEquals(0, TokenProbe.countDataObjects(tool, labels.secretVersion(path, 1)));
            assertEquals(0, TokenProbe.countDataObjects(tool, labels.secretVersion(new ResourcePath("crash", "never", "written"), 1)));
            assertEquals(1, TokenProbe.countDataObjects(tool, labels.secretVersion(path, 2)));
            assertEquals(3, store.putSecret(path, Pkcs11KeysTest.secret(new byte[] {7}), OptionalInt.of(2)));
            assertArrayEquals(new byte[] {7}, Pkcs11KeysTest.reveal(store.getSecret(path).orElseThrow().value()));
            assertTrue(store.getSecret(path, 1).isEmpty());
        }
    }

    private void forgeAesKey(String label) throws Exception {
        tool.sessions().call("test: forge", s -> s.generateKey(new Mechanism(CKM_AES_KEY_GEN),
                AttributeVector.newAESSecretKey().valueLen(32).token(true).private_(true).sensitive(true).extractable(false)
                        .encrypt(true).decrypt(true).label(label)));
    }

    private void forgeEcKey(String label) throws Exception {
        KeyPairTemplate template = new KeyPairTemplate(CKK_EC).token(true).private_(true).labels(label).signVerify(true);
        template.publicKey().ecParams(P256);
        tool.sessions().call("test: forge", s -> s.generateKeyPair(new Mechanism(CKM_EC_KEY_PAIR_GEN), template));
    }

    private void forgeMetadata(String label, byte[] value) throws Exception {
        tool.sessions().call("test: forge", s -> s.createObject(TokenObjects.dataObject(label, labels.metadataApplication(), value)));
    }

    private void replaceMetadata(String label, byte[] value) throws Exception {
        tool.sessions().call("test: forge", s -> TokenObjects.destroyLabelled(s, CKO_DATA, label));
        forgeMetadata(label, value);
    }

    private void forgeSecretValue(String label, byte[] value) throws Exception {
        tool.sessions().call("test: forge", s -> s.createObject(TokenObjects.dataObject(label, labels.secretApplication(), value)));
    }

    private ObjectNode readMetadata(String label) throws Exception {
        byte[] value = tool.sessions().call("test: read", s -> s.getAttrValues(TokenProbe.single(s, CKO_DATA, label), CKA_VALUE).value());
        return (ObjectNode) JSON.readTree(value);
    }
}
