package io.ccl.keys.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.*;

import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.pkcs11.token.Pkcs11Errors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.params.GCM_PARAMS;

/**
 * What the token itself enforces, read back through PKCS#11 attributes and tried through raw
 * PKCS#11 calls that bypass the store: keys are sensitive and never extractable, usage
 * attributes match the purposes and cannot be widened, and a key cannot be wrapped out.
 */
class TokenEnforcementTest {
    private String namespace;
    private Pkcs11KeyStorage store;

    @BeforeEach
    void open() throws Exception {
        namespace = SoftHsmToken.freshNamespace();
        store = SoftHsmToken.get().open(namespace);
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aesKeysAreSensitiveNeverExtractableAndLimitedToTheirPurposes() throws Exception {
        store.createKey("enc", KeyAlgorithm.AES_256_GCM, EnumSet.of(KeyPurpose.ENCRYPT));
        long key = TokenProbe.handle(store, CKO_SECRET_KEY, namespace + ":key:enc:v1");
        AttributeVector a = attributes(key, CKA_TOKEN, CKA_PRIVATE, CKA_SENSITIVE, CKA_ALWAYS_SENSITIVE, CKA_EXTRACTABLE,
                CKA_NEVER_EXTRACTABLE, CKA_LOCAL, CKA_MODIFIABLE, CKA_ENCRYPT, CKA_DECRYPT, CKA_WRAP, CKA_UNWRAP, CKA_VALUE_LEN);
        assertTrue(a.token());
        assertTrue(a.private_());
        assertTrue(a.sensitive(), "CKA_SENSITIVE");
        assertTrue(a.alwaysSensitive(), "CKA_ALWAYS_SENSITIVE");
        assertFalse(a.extractable(), "CKA_EXTRACTABLE");
        assertTrue(a.neverExtractable(), "CKA_NEVER_EXTRACTABLE");
        assertTrue(a.local(), "generated inside the token (CKA_LOCAL)");
        assertFalse(a.modifiable(), "CKA_MODIFIABLE");
        assertTrue(a.encrypt());
        assertFalse(a.decrypt(), "an ENCRYPT-only key has no CKA_DECRYPT");
        assertFalse(a.wrap());
        assertFalse(a.unwrap());
        assertEquals(32, a.valueLen());
        assertValueWithheld(key);

        // The token, not only the store, refuses what the purposes exclude, and nobody can widen them.
        long ckr = ckr(s -> s.decryptInit(new Mechanism(CKM_AES_GCM, new GCM_PARAMS(new byte[12], new byte[0], 128)), key));
        assertEquals(CKR_KEY_FUNCTION_NOT_PERMITTED, ckr, Pkcs11Errors.name(ckr));
        for (AttributeVector widen : List.of(new AttributeVector().decrypt(true), new AttributeVector().extractable(true),
                new AttributeVector().sensitive(false))) {
            ckr = ckr(s -> s.setAttributeValues(key, widen));
            assertTrue(ckr == CKR_ACTION_PROHIBITED || ckr == CKR_ATTRIBUTE_READ_ONLY, Pkcs11Errors.name(ckr));
        }
        assertFalse(attributes(key, CKA_DECRYPT).decrypt());
    }

    @Test
    void noKeyCanBeWrappedOutOfTheToken() throws Exception {
        store.createKey("aes", KeyAlgorithm.AES_256_GCM, EnumSet.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT));
        store.createKey("kek", KeyAlgorithm.AES_256_GCM, EnumSet.of(KeyPurpose.WRAP, KeyPurpose.UNWRAP));
        store.createKey("ec", KeyAlgorithm.EC_P384, EnumSet.of(KeyPurpose.SIGN, KeyPurpose.VERIFY));
        long aes = TokenProbe.handle(store, CKO_SECRET_KEY, namespace + ":key:aes:v1");
        long kek = TokenProbe.handle(store, CKO_SECRET_KEY, namespace + ":key:kek:v1");
        long ec = TokenProbe.handle(store, CKO_PRIVATE_KEY, namespace + ":key:ec:v1");

        AttributeVector ecAttributes = attributes(ec, CKA_SENSITIVE, CKA_EXTRACTABLE, CKA_NEVER_EXTRACTABLE, CKA_SIGN, CKA_MODIFIABLE);
        assertTrue(ecAttributes.sensitive());
        assertFalse(ecAttributes.extractable());
        assertTrue(ecAttributes.neverExtractable());
        assertTrue(ecAttributes.sign());
        assertFalse(ecAttributes.modifiable());
        assertValueWithheld(ec);
        assertValueWithheld(kek);

        for (long target : new long[] {aes, kek, ec}) {
            for (long mechanism : new long[] {CKM_AES_KEY_WRAP, CKM_AES_KEY_WRAP_PAD}) {
                // With the store's own wrapping key, and with a fresh wrapping key made for the attack.
                long viaStoreKek = ckr(s -> s.wrapKey(new Mechanism(mechanism), kek, target));
                assertEquals(CKR_KEY_UNEXTRACTABLE, viaStoreKek, Pkcs11Errors.name(viaStoreKek));
                long viaAttackerKek = ckr(s -> {
                    long attacker = s.generateKey(new Mechanism(CKM_AES_KEY_GEN),
                            AttributeVector.newAESSecretKey().valueLen(32).token(false).wrap(true).unwrap(true));
                    try {
                        s.wrapKey(new Mechanism(mechanism), attacker, target);
                    } finally {
                        s.destroyObject(attacker);
                    }
                });
                assertEquals(CKR_KEY_UNEXTRACTABLE, viaAttackerKek, Pkcs11Errors.name(viaAttackerKek));
            }
        }
    }

    @Test
    void metadataAndSecretsArePrivateObjectsEncryptedAtRest() throws Exception {
        byte[] marker = "ccl-secret-marker-5f0c2a9e71".getBytes(StandardCharsets.US_ASCII);
        ResourcePath path = new ResourcePath("enforce", "secret", "marker");
        store.putSecret(path, Pkcs11KeysTest.secret(marker), OptionalInt.empty());
        store.createKey("visible", KeyAlgorithm.EC_P256, EnumSet.of(KeyPurpose.SIGN));
        for (String label : List.of(namespace + ":secret:enforce/secret/marker:v1", namespace + ":secretmeta:enforce/secret/marker",
                namespace + ":keymeta:visible")) {
            long handle = TokenProbe.handle(store, CKO_DATA, label);
            AttributeVector a = attributes(handle, CKA_TOKEN, CKA_PRIVATE, CKA_MODIFIABLE);
            assertTrue(a.token() && a.private_(), label + " is a private token object");
            assertFalse(a.modifiable(), label);
        }
        assertTrue(attributes(TokenProbe.handle(store, CKO_PUBLIC_KEY, namespace + ":key:visible:v1"), CKA_PRIVATE).private_(),
                "even public keys need a login");

        try (Stream<Path> files = Files.walk(SoftHsmToken.get().tokenDirectory())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(contains(Files.readAllBytes(file), marker), "secret in clear in " + file);
            }
        }

        String anonymous = SoftHsmToken.get().listObjects(false);
        assumeTrue(anonymous != null, "pkcs11-tool (Debian package opensc) is not installed");
        assertFalse(anonymous.contains(namespace + ":"), "without login pkcs11-tool sees none of the store's objects");
        String loggedIn = SoftHsmToken.get().listObjects(true);
        assertTrue(loggedIn.contains(namespace + ":keymeta:visible"), loggedIn);
        assertTrue(loggedIn.contains(namespace + ":key:visible:v1"), loggedIn);
    }

    private void assertValueWithheld(long key) throws Exception {
        AttributeVector value = attributes(key, CKA_VALUE);
        assertNotNull(value.getAttribute(CKA_VALUE));
        assertTrue(value.getAttribute(CKA_VALUE).isSensitive(), "the token answers CKR_ATTRIBUTE_SENSITIVE for CKA_VALUE");
        assertNull(value.value());
    }

    private AttributeVector attributes(long handle, long... types) throws Exception {
        return store.sessions().call("test: attributes", s -> s.getAttrValues(handle, types));
    }

    /** Runs a raw PKCS#11 call that must fail and returns its CKR_ code (0 if it succeeded). */
    private long ckr(RawCall call) throws Exception {
        return store.sessions().call("test: raw call", s -> {
            try {
                call.run(s);
                return CKR_OK;
            } catch (PKCS11Exception e) {
                return e.getErrorCode();
            }
        });
    }

    @FunctionalInterface
    private interface RawCall {
        void run(Session session) throws PKCS11Exception;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
