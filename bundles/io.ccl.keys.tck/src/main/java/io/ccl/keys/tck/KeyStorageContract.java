package io.ccl.keys.tck;

import static io.ccl.keys.api.KeyAlgorithm.AES_256_GCM;
import static io.ccl.keys.api.KeyPurpose.DECRYPT;
import static io.ccl.keys.api.KeyPurpose.ENCRYPT;
import static io.ccl.keys.api.KeyPurpose.SIGN;
import static io.ccl.keys.api.KeyPurpose.UNWRAP;
import static io.ccl.keys.api.KeyPurpose.VERIFY;
import static io.ccl.keys.api.KeyPurpose.WRAP;
import static io.ccl.keys.api.KeyStorageException.Reason.CAS_MISMATCH;
import static io.ccl.keys.api.KeyStorageException.Reason.INTEGRITY;
import static io.ccl.keys.api.KeyStorageException.Reason.INVALID_ARGUMENT;
import static io.ccl.keys.api.KeyStorageException.Reason.KEY_UNUSABLE;
import static io.ccl.keys.api.KeyStorageException.Reason.NOT_FOUND;
import static io.ccl.keys.api.KeyStorageException.Reason.NOT_PERMITTED;
import static io.ccl.keys.api.KeyVersionState.ACTIVE;
import static io.ccl.keys.api.KeyVersionState.DECRYPT_ONLY;
import static io.ccl.keys.api.KeyVersionState.RETIRED;
import static io.ccl.keys.api.KeyVersionState.REVOKED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ccl.keys.api.DataKey;
import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeySignature;
import io.ccl.keys.api.KeyStorage;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.KeyVersion;
import io.ccl.keys.api.KeyVersionState;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.Secret;
import io.ccl.keys.api.SecretBytes;
import io.ccl.keys.api.SecretVersion;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The documented contract of {@link KeyStorage}, as JUnit 5 tests every store must pass. A store
 * bundle extends this class in its test sources and implements {@link #newStore()}; JUnit runs
 * the inherited tests. Tests assert on {@link Reason}s, never on message texts, and check that no
 * message or {@code toString()} of the store contains the plaintexts, secrets and key material the
 * test used.
 *
 * <p>One class on purpose: a store author sees the whole contract in one place. It is longer than
 * the usual class for that reason.
 */
public abstract class KeyStorageContract {
    private static final Set<KeyPurpose> AES_ALL = EnumSet.of(ENCRYPT, DECRYPT, WRAP, UNWRAP);
    private static final Set<KeyPurpose> ENC_DEC = EnumSet.of(ENCRYPT, DECRYPT);
    private static final Set<KeyPurpose> EC_ALL = EnumSet.of(SIGN, VERIFY);
    private static final Set<Reason> TAMPER_REASONS = EnumSet.of(INTEGRITY, NOT_FOUND, KEY_UNUSABLE);
    private static final ResourcePath PATH = new ResourcePath("tck", "secret", "one");
    /** Guards against a deadlocked store hanging the build; not a performance assertion. */
    private static final long HANG_GUARD_MINUTES = 5;

    private final SecureRandom random = new SecureRandom();
    private KeyStorage store;
    private LeakDetector leaks;

    /** A fresh, empty store; called before every test. */
    protected abstract KeyStorage newStore() throws Exception;

    /** Releases a store made by {@link #newStore()}; called after every test. */
    protected void closeStore(KeyStorage store) throws Exception {
    }

    /** The algorithms this store supports; tests of other algorithms are skipped. */
    protected Set<KeyAlgorithm> supportedAlgorithms() {
        return EnumSet.allOf(KeyAlgorithm.class);
    }

    @BeforeEach
    final void tckOpenStore() throws Exception {
        leaks = new LeakDetector();
        store = newStore();
        assertNotNull(store, "newStore() returned null");
    }

    @AfterEach
    final void tckCloseStore() throws Exception {
        if (store != null) {
            leaks.assertClean("toString of the store", store.toString());
            closeStore(store);
        }
    }

    // --- secrets -------------------------------------------------------------------------------

    @Test
    void kindIsNotBlank() {
        assertNotNull(store.kind());
        assertFalse(store.kind().isBlank(), "kind() must name the store");
    }

    @Test
    void secretVersionsAreWrittenAndReadBack() throws Exception {
        byte[] one = plaintext("secret one");
        byte[] two = plaintext("secret two");
        assertEquals(1, store.putSecret(PATH, secret(one), OptionalInt.empty()));
        assertEquals(2, store.putSecret(PATH, secret(two), OptionalInt.empty()));

        Secret newest = store.getSecret(PATH).orElseThrow();
        assertEquals(PATH, newest.path());
        assertEquals(2, newest.version());
        assertArrayEquals(two, reveal(newest));
        assertArrayEquals(one, reveal(store.getSecret(PATH, 1).orElseThrow()));
        assertEquals(1, store.getSecret(PATH, 1).orElseThrow().version());
        assertTrue(store.getSecret(PATH, 3).isEmpty(), "a version never written is empty");
        assertTrue(store.getSecret(new ResourcePath("tck", "secret", "none")).isEmpty());
        assertTrue(store.getSecret(new ResourcePath("tck", "secret", "none"), 1).isEmpty());

        List<SecretVersion> versions = store.secretVersions(PATH);
        assertEquals(List.of(1, 2), numbers(versions));
        assertEquals(List.of(SecretVersion.State.LIVE, SecretVersion.State.LIVE), secretStates(versions));
        assertTrue(store.secretVersions(new ResourcePath("tck", "secret", "none")).isEmpty());
        leaks.assertClean("toString of a Secret", newest.toString());
        leaks.assertClean("toString of secret versions", versions.toString());
    }

    @Test
    void theStoreKeepsItsOwnCopyOfASecret() throws Exception {
        byte[] value = plaintext("own copy");
        SecretBytes given = secret(value);
        store.putSecret(PATH, given, OptionalInt.empty());
        given.destroy();
        Secret read = store.getSecret(PATH).orElseThrow();
        assertArrayEquals(value, reveal(read));
        read.value().destroy();
        assertArrayEquals(value, reveal(store.getSecret(PATH).orElseThrow()));
    }

    @Test
    void checkAndSetGuardsEveryWrite() throws Exception {
        byte[] first = plaintext("cas first");
        assertEquals(1, store.putSecret(PATH, secret(first), OptionalInt.of(0)), "cas 0: the secret must not exist");
        fails(CAS_MISMATCH, () -> store.putSecret(PATH, secret(plaintext("cas clash")), OptionalInt.of(0)));
        fails(CAS_MISMATCH, () -> store.putSecret(PATH, secret(plaintext("cas ahead")), OptionalInt.of(2)));
        assertArrayEquals(first, reveal(store.getSecret(PATH).orElseThrow()), "a refused write changes nothing");
        assertEquals(1, store.secretVersions(PATH).size());

        assertEquals(2, store.putSecret(PATH, secret(plaintext("cas second")), OptionalInt.of(1)));
        fails(CAS_MISMATCH, () -> store.putSecret(PATH, secret(plaintext("cas stale")), OptionalInt.of(1)));
        ResourcePath absent = new ResourcePath("tck", "secret", "absent");
        fails(CAS_MISMATCH, () -> store.putSecret(absent, secret(plaintext("cas absent")), OptionalInt.of(3)));
        assertTrue(store.getSecret(absent).isEmpty());
    }

    @Test
    void softDeletingTheNewestVersionHidesTheSecret() throws Exception {
        byte[] one = plaintext("soft one");
        store.putSecret(PATH, secret(one), OptionalInt.empty());
        store.putSecret(PATH, secret(plaintext("soft two")), OptionalInt.empty());

        assertTrue(store.deleteSecretVersion(PATH, 2));
        assertTrue(store.getSecret(PATH).isEmpty(), "the newest version is deleted: no current secret");
        assertTrue(store.getSecret(PATH, 2).isEmpty());
        assertArrayEquals(one, reveal(store.getSecret(PATH, 1).orElseThrow()), "older versions stay readable");
        assertEquals(List.of(SecretVersion.State.LIVE, SecretVersion.State.DELETED), secretStates(store.secretVersions(PATH)));
        assertTrue(store.listSecrets().contains(PATH), "version 1 is still live");

        assertFalse(store.deleteSecretVersion(PATH, 2), "already deleted");
        assertFalse(store.deleteSecretVersion(PATH, 9), "no such version");
        assertFalse(store.deleteSecretVersion(new ResourcePath("tck", "secret", "none"), 1), "no such secret");
    }

    @Test
    void destroyingAVersionErasesIt() throws Exception {
        store.putSecret(PATH, secret(plaintext("destroy one")), OptionalInt.empty());
        byte[] two = plaintext("destroy two");
        store.putSecret(PATH, secret(two), OptionalInt.empty());

        assertTrue(store.destroySecretVersion(PATH, 1));
        assertTrue(store.getSecret(PATH, 1).isEmpty());
        assertArrayEquals(two, reveal(store.getSecret(PATH).orElseThrow()));
        assertEquals(List.of(SecretVersion.State.DESTROYED, SecretVersion.State.LIVE), secretStates(store.secretVersions(PATH)));
        assertFalse(store.destroySecretVersion(PATH, 1), "already destroyed");
        assertFalse(store.deleteSecretVersion(PATH, 1), "a destroyed version cannot be soft-deleted");

        assertTrue(store.deleteSecretVersion(PATH, 2));
        assertTrue(store.destroySecretVersion(PATH, 2), "a soft-deleted version can still be destroyed");
        assertEquals(List.of(SecretVersion.State.DESTROYED, SecretVersion.State.DESTROYED), secretStates(store.secretVersions(PATH)));
        assertTrue(store.getSecret(PATH).isEmpty());
        assertFalse(store.destroySecretVersion(PATH, 7), "no such version");
        assertFalse(store.destroySecretVersion(new ResourcePath("tck", "secret", "none"), 1), "no such secret");
    }

    @Test
    void versionNumbersAreNeverReused() throws Exception {
        store.putSecret(PATH, secret(plaintext("reuse one")), OptionalInt.empty());
        store.putSecret(PATH, secret(plaintext("reuse two")), OptionalInt.empty());
        assertTrue(store.destroySecretVersion(PATH, 2));
        assertEquals(3, store.putSecret(PATH, secret(plaintext("reuse three")), OptionalInt.empty()));
        assertTrue(store.deleteSecretVersion(PATH, 3));
        byte[] four = plaintext("reuse four");
        assertEquals(4, store.putSecret(PATH, secret(four), OptionalInt.empty()));

        List<SecretVersion> versions = store.secretVersions(PATH);
        assertEquals(List.of(1, 2, 3, 4), numbers(versions));
        assertEquals(List.of(SecretVersion.State.LIVE, SecretVersion.State.DESTROYED, SecretVersion.State.DELETED,
                SecretVersion.State.LIVE), secretStates(versions));
        Secret newest = store.getSecret(PATH).orElseThrow();
        assertEquals(4, newest.version());
        assertArrayEquals(four, reveal(newest));
    }

    @Test
    void listSecretsNamesSecretsWithALiveVersion() throws Exception {
        assertTrue(store.listSecrets().isEmpty(), "a new store has no secrets");
        ResourcePath a = new ResourcePath("tck", "list", "a");
        ResourcePath b = new ResourcePath("tck", "other", "b");
        ResourcePath gone = new ResourcePath("tck", "list", "gone");
        store.putSecret(a, secret(plaintext("list a")), OptionalInt.empty());
        store.putSecret(b, secret(plaintext("list b")), OptionalInt.empty());
        store.putSecret(gone, secret(plaintext("list gone")), OptionalInt.empty());
        assertEquals(Set.of(a, b, gone), Set.copyOf(store.listSecrets()));

        assertTrue(store.deleteSecretVersion(gone, 1));
        assertEquals(Set.of(a, b), Set.copyOf(store.listSecrets()), "a secret without a live version is not listed");
        assertEquals(2, store.listSecrets().size(), "no duplicates");
    }

    @Test
    void deleteSecretRemovesEveryVersion() throws Exception {
        byte[] one = plaintext("delete one");
        byte[] two = plaintext("delete two");
        store.putSecret(PATH, secret(one), OptionalInt.empty());
        store.putSecret(PATH, secret(two), OptionalInt.empty());

        assertTrue(store.deleteSecret(PATH));
        assertTrue(store.getSecret(PATH).isEmpty());
        assertTrue(store.getSecret(PATH, 1).isEmpty());
        assertTrue(store.getSecret(PATH, 2).isEmpty());
        assertTrue(store.secretVersions(PATH).isEmpty());
        assertFalse(store.listSecrets().contains(PATH));
        assertFalse(store.deleteSecret(PATH), "nothing left to delete");

        byte[] again = plaintext("delete again");
        store.putSecret(PATH, secret(again), OptionalInt.of(0));
        assertArrayEquals(again, reveal(store.getSecret(PATH).orElseThrow()));
        for (int v = 1; v <= 3; v++) {
            Optional<Secret> read = store.getSecret(PATH, v);
            if (read.isPresent()) {
                byte[] bytes = reveal(read.get());
                assertFalse(Arrays.equals(one, bytes) || Arrays.equals(two, bytes), "a deleted value came back");
            }
        }
    }

    // --- keys: creation and metadata -----------------------------------------------------------

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void createKeyMakesVersionOneActive(KeyAlgorithm algorithm) throws Exception {
        supports(algorithm);
        Set<KeyPurpose> purposes = allPurposes(algorithm);
        KeyInfo created = store.createKey("k1", algorithm, purposes);
        assertEquals("k1", created.name());
        assertEquals(algorithm, created.algorithm());
        assertEquals(purposes, created.purposes());
        assertEquals(List.of(1), versionNumbers(created));
        assertEquals(List.of(ACTIVE), states(created));
        assertNotNull(created.versions().get(0).createdAt());
        assertEquals(1, created.latestVersion());

        KeyInfo read = info("k1");
        assertEquals(algorithm, read.algorithm());
        assertEquals(purposes, read.purposes());
        assertEquals(List.of(ACTIVE), states(read));
        assertEquals(List.of("k1"), store.listKeys().stream().map(KeyInfo::name).toList());
        assertTrue(store.keyInfo("missing").isEmpty());
    }

    @Test
    void listKeysNamesEveryKey() throws Exception {
        assertTrue(store.listKeys().isEmpty(), "a new store has no keys");
        List<String> names = new ArrayList<>();
        for (KeyAlgorithm algorithm : supportedAlgorithms()) {
            String name = "list-" + algorithm.name().toLowerCase().replace('_', '-');
            store.createKey(name, algorithm, allPurposes(algorithm));
            names.add(name);
        }
        List<KeyInfo> listed = store.listKeys();
        assertEquals(Set.copyOf(names), listed.stream().map(KeyInfo::name).collect(Collectors.toSet()));
        assertEquals(names.size(), listed.size(), "no duplicates");
        leaks.assertClean("toString of listKeys", listed.toString());
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void createKeyRefusesDuplicatesInvalidNamesAndPurposes(KeyAlgorithm algorithm) throws Exception {
        supports(algorithm);
        Set<KeyPurpose> purposes = allPurposes(algorithm);
        store.createKey("dup", algorithm, purposes);
        fails(INVALID_ARGUMENT, () -> store.createKey("dup", algorithm, purposes));
        for (KeyAlgorithm other : supportedAlgorithms()) {
            fails(INVALID_ARGUMENT, () -> store.createKey("dup", other, allPurposes(other)));
        }
        for (String name : List.of("", ".", "..", "a/b", "../up", "/abs")) {
            fails(INVALID_ARGUMENT, () -> store.createKey(name, algorithm, purposes));
        }
        fails(INVALID_ARGUMENT, () -> store.createKey("none", algorithm, EnumSet.noneOf(KeyPurpose.class)));
        Set<KeyPurpose> foreign = algorithm == AES_256_GCM ? EnumSet.of(SIGN, VERIFY) : EnumSet.of(ENCRYPT, DECRYPT, WRAP, UNWRAP);
        for (KeyPurpose purpose : foreign) {
            Set<KeyPurpose> mixed = EnumSet.copyOf(purposes);
            mixed.add(purpose);
            fails(INVALID_ARGUMENT, () -> store.createKey("mixed", algorithm, mixed));
            fails(INVALID_ARGUMENT, () -> store.createKey("foreign", algorithm, EnumSet.of(purpose)));
        }
        assertEquals(List.of("dup"), store.listKeys().stream().map(KeyInfo::name).toList(), "refused keys are not created");
        assertEquals(List.of(ACTIVE), states(info("dup")), "the existing key is untouched");
    }

    // --- keys: encryption ----------------------------------------------------------------------

    @Test
    void encryptDecryptRoundTripsWithAndWithoutAad() throws Exception {
        aes();
        store.createKey("k", AES_256_GCM, ENC_DEC);
        byte[] plain = plaintext("round trip");
        byte[] aad = bytes("job-42");
        byte[] ct = store.encrypt("k", plain, aad);
        assertFalse(contains(ct, plain), "the ciphertext contains the plaintext");
        assertArrayEquals(plain, store.decrypt("k", ct, aad));
        byte[] noAad = store.encrypt("k", plain, null);
        assertArrayEquals(plain, store.decrypt("k", noAad, null));
        assertFalse(Arrays.equals(ct, store.encrypt("k", plain, aad)), "two encryptions of one plaintext must differ");

        byte[] big = new byte[70_000];
        random.nextBytes(big);
        leaks.remember(big);
        assertArrayEquals(big, store.decrypt("k", store.encrypt("k", big, aad), aad));
    }

    @Test
    void wrongAadIsAnIntegrityFailure() throws Exception {
        aes();
        store.createKey("k", AES_256_GCM, ENC_DEC);
        byte[] plain = plaintext("aad bound");
        byte[] ct = store.encrypt("k", plain, bytes("job-42"));
        fails(INTEGRITY, () -> store.decrypt("k", ct, bytes("job-43")));
        fails(INTEGRITY, () -> store.decrypt("k", ct, null));
        byte[] bare = store.encrypt("k", plain, null);
        fails(INTEGRITY, () -> store.decrypt("k", bare, bytes("job-42")));
    }

    @Test
    void everyFlippedBitAndTruncationIsRejected() throws Exception {
        aes();
        store.createKey("k", AES_256_GCM, ENC_DEC);
        byte[] aad = bytes("tamper");
        byte[] ct = store.encrypt("k", plaintext("tamper me"), aad);
        for (int i = 0; i < ct.length; i++) {
            for (int bit : new int[] {0, 7}) {
                byte[] bad = ct.clone();
                bad[i] ^= (byte) (1 << bit);
                if (i >= ct.length - 16) {
                    // The tail of an AEAD ciphertext is its tag: only an integrity failure fits.
                    fails(INTEGRITY, () -> store.decrypt("k", bad, aad));
                } else {
                    // A flipped header bit may name another version that does not exist.
                    failsWithOneOf(TAMPER_REASONS, () -> store.decrypt("k", bad, aad));
                }
            }
        }
        fails(INTEGRITY, () -> store.decrypt("k", new byte[0], aad));
        fails(INTEGRITY, () -> store.decrypt("k", Arrays.copyOf(ct, 1), aad));
        fails(INTEGRITY, () -> store.decrypt("k", Arrays.copyOf(ct, ct.length - 1), aad));
        fails(INTEGRITY, () -> store.decrypt("k", Arrays.copyOf(ct, ct.length + 1), aad));
    }

    @Test
    void ciphertextOfAnotherKeyIsRejected() throws Exception {
        aes();
        store.createKey("a", AES_256_GCM, ENC_DEC);
        store.createKey("b", AES_256_GCM, ENC_DEC);
        byte[] ct = store.encrypt("a", plaintext("for a only"), null);
        fails(INTEGRITY, () -> store.decrypt("b", ct, null));
        store.rotateKey("b");
        fails(INTEGRITY, () -> store.decrypt("b", ct, null));
    }

    @Test
    void rotationKeepsOldVersionsDecryptOnly() throws Exception {
        aes();
        store.createKey("k", AES_256_GCM, ENC_DEC);
        byte[] plain = plaintext("rotate");
        byte[] before = store.encrypt("k", plain, null);

        KeyInfo rotated = store.rotateKey("k");
        assertEquals(List.of(DECRYPT_ONLY, ACTIVE), states(rotated));
        assertEquals(List.of(1, 2), versionNumbers(rotated));
        assertEquals(2, rotated.latestVersion());
        assertEquals(List.of(DECRYPT_ONLY, ACTIVE), states(info("k")));
        assertArrayEquals(plain, store.decrypt("k", before, null), "the old version still decrypts");

        byte[] after = store.encrypt("k", plain, null);
        KeyInfo retired = store.setVersionState("k", 1, RETIRED);
        assertEquals(List.of(RETIRED, ACTIVE), states(retired));
        assertArrayEquals(plain, store.decrypt("k", after, null), "new encryptions use the new version");
        fails(KEY_UNUSABLE, () -> store.decrypt("k", before, null));

        assertEquals(List.of(RETIRED, DECRYPT_ONLY, ACTIVE), states(store.rotateKey("k")));
        assertArrayEquals(plain, store.decrypt("k", after, null));
    }

    @Test
    void rewrapMovesACiphertextToTheActiveVersion() throws Exception {
        aes();
        store.createKey("k", AES_256_GCM, ENC_DEC);
        byte[] plain = plaintext("rewrap");
        byte[] aad = bytes("rewrap-aad");
        byte[] old = store.encrypt("k", plain, aad);
        byte[] same = store.rewrap("k", old, aad);
        assertFalse(Arrays.equals(old, same), "a ciphertext under the active version is re-encrypted all the same");
        assertArrayEquals(plain, store.decrypt("k", same, aad));

        store.rotateKey("k");
        byte[] moved = store.rewrap("k", old, aad);
        assertFalse(contains(moved, plain));
        fails(INTEGRITY, () -> store.rewrap("k", old, bytes("other-aad")));
        store.setVersionState("k", 1, RETIRED);
        assertArrayEquals(plain, store.decrypt("k", moved, aad), "the rewrapped ciphertext is under version 2");
        fails(KEY_UNUSABLE, () -> store.decrypt("k", old, aad));
        fails(KEY_UNUSABLE, () -> store.rewrap("k", old, aad));
        fails(KEY_UNUSABLE, () -> store.rewrap("k", same, aad));
    }

    @Test
    void setVersionStateOnlyRetiresOrRevokes() throws Exception {
        String name = anyKey("states");
        store.rotateKey(name);
        fails(INVALID_ARGUMENT, () -> store.setVersionState(name, 1, ACTIVE));
        fails(INVALID_ARGUMENT, () -> store.setVersionState(name, 2, DECRYPT_ONLY));
        assertEquals(List.of(DECRYPT_ONLY, ACTIVE), states(info(name)));

        assertEquals(List.of(RETIRED, ACTIVE), states(store.setVersionState(name, 1, RETIRED)));
        fails(INVALID_ARGUMENT, () -> store.setVersionState(name, 1, ACTIVE));
        fails(INVALID_ARGUMENT, () -> store.setVersionState(name, 1, DECRYPT_ONLY));
        assertEquals(List.of(REVOKED, ACTIVE), states(store.setVersionState(name, 1, REVOKED)),
                "a retired version can still be revoked");
    }

    @Test
    void revocationIsFinal() throws Exception {
        String name = anyKey("final");
        store.setVersionState(name, 1, REVOKED);
        failsWithOneOf(EnumSet.of(KEY_UNUSABLE, INVALID_ARGUMENT), () -> store.setVersionState(name, 1, RETIRED));
        failsWithOneOf(EnumSet.of(KEY_UNUSABLE, INVALID_ARGUMENT), () -> store.setVersionState(name, 1, ACTIVE));
        failsWithOneOf(EnumSet.of(KEY_UNUSABLE, INVALID_ARGUMENT), () -> store.setVersionState(name, 1, DECRYPT_ONLY));
        assertEquals(List.of(REVOKED), states(info(name)));
        assertEquals(List.of(REVOKED, ACTIVE), states(store.rotateKey(name)), "rotation does not reinstate a revoked version");
        assertEquals(List.of(REVOKED, DECRYPT_ONLY, ACTIVE), states(store.rotateKey(name)));
    }

    @Test
    void aRevokedVersionRefusesEveryOperation() throws Exception {
        aes();
        store.createKey("k", AES_256_GCM, AES_ALL);
        byte[] plain = plaintext("revoked");
        byte[] ct = store.encrypt("k", plain, null);
        byte[] material = plaintext("wrapped material");
        byte[] wrapped = store.wrap("k", secret(material));
        DataKey dataKey = rememberDataKey(store.generateDataKey("k"));

        store.rotateKey("k");
        assertEquals(List.of(REVOKED, ACTIVE), states(store.setVersionState("k", 1, REVOKED)));
        fails(KEY_UNUSABLE, () -> store.decrypt("k", ct, null));
        fails(KEY_UNUSABLE, () -> store.rewrap("k", ct, null));
        fails(KEY_UNUSABLE, () -> store.unwrap("k", wrapped));
        fails(KEY_UNUSABLE, () -> store.unwrap("k", dataKey.wrapped()));

        byte[] ct2 = store.encrypt("k", plain, null);
        store.setVersionState("k", 2, REVOKED);
        fails(KEY_UNUSABLE, () -> store.encrypt("k", plain, null));
        fails(KEY_UNUSABLE, () -> store.decrypt("k", ct2, null));
        fails(KEY_UNUSABLE, () -> store.wrap("k", secret(material)));
        fails(KEY_UNUSABLE, () -> store.generateDataKey("k"));
    }

    @Test
    void withoutAnActiveVersionEncryptionWaitsForRotation() throws Exception {
        aes();
        store.createKey("k", AES_256_GCM, AES_ALL);
        byte[] plain = plaintext("no active");
        store.setVersionState("k", 1, RETIRED);
        fails(KEY_UNUSABLE, () -> store.encrypt("k", plain, null));
        fails(KEY_UNUSABLE, () -> store.wrap("k", secret(plain)));
        fails(KEY_UNUSABLE, () -> store.generateDataKey("k"));

        assertEquals(List.of(RETIRED, ACTIVE), states(store.rotateKey("k")));
        assertArrayEquals(plain, store.decrypt("k", store.encrypt("k", plain, null), null));
    }

    // --- keys: wrapping ------------------------------------------------------------------------

    @Test
    void wrapAndUnwrapRoundTrip() throws Exception {
        aes();
        store.createKey("kek", AES_256_GCM, EnumSet.of(WRAP, UNWRAP));
        store.createKey("other", AES_256_GCM, EnumSet.of(WRAP, UNWRAP));
        byte[] material = randomSecret(32);
        byte[] wrapped = store.wrap("kek", secret(material));
        assertFalse(contains(wrapped, material), "the wrapped key contains the key");
        SecretBytes unwrapped = store.unwrap("kek", wrapped);
        assertArrayEquals(material, unwrapped.reveal(InsecureSecretAccess.get()));
        assertFalse(Arrays.equals(wrapped, store.wrap("kek", secret(material))), "two wraps of one key must differ");

        byte[] tampered = wrapped.clone();
        tampered[tampered.length - 1] ^= 1;
        fails(INTEGRITY, () -> store.unwrap("kek", tampered));
        fails(INTEGRITY, () -> store.unwrap("other", wrapped));
        fails(INTEGRITY, () -> store.unwrap("kek", Arrays.copyOf(wrapped, wrapped.length - 1)));
        fails(INTEGRITY, () -> store.unwrap("kek", new byte[0]));

        store.rotateKey("kek");
        assertArrayEquals(material, store.unwrap("kek", wrapped).reveal(InsecureSecretAccess.get()),
                "a decrypt-only version still unwraps");
        byte[] rewrapped = store.wrap("kek", secret(material));
        store.setVersionState("kek", 1, RETIRED);
        fails(KEY_UNUSABLE, () -> store.unwrap("kek", wrapped));
        assertArrayEquals(material, store.unwrap("kek", rewrapped).reveal(InsecureSecretAccess.get()));
    }

    @Test
    void generateDataKeyReturnsTheKeyInClearAndWrapped() throws Exception {
        aes();
        store.createKey("kek", AES_256_GCM, EnumSet.of(WRAP, UNWRAP));
        DataKey first = rememberDataKey(store.generateDataKey("kek"));
        assertEquals("kek", first.keyName());
        assertEquals(1, first.version());
        assertEquals(32, first.plaintext().size());
        assertTrue(first.plaintext().equalsSecret(store.unwrap("kek", first.wrapped())));
        byte[] clear = first.plaintext().reveal(InsecureSecretAccess.get());
        assertFalse(contains(first.wrapped(), clear));
        leaks.assertClean("toString of a DataKey", first.toString());

        DataKey second = rememberDataKey(store.generateDataKey("kek"));
        assertFalse(first.plaintext().equalsSecret(second.plaintext()), "every data key is fresh");

        store.rotateKey("kek");
        DataKey third = rememberDataKey(store.generateDataKey("kek"));
        assertEquals(2, third.version());
        assertTrue(third.plaintext().equalsSecret(store.unwrap("kek", third.wrapped())));
        assertTrue(first.plaintext().equalsSecret(store.unwrap("kek", first.wrapped())));
    }

    // --- keys: signatures ----------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"EC_P256", "EC_P384"})
    void signaturesVerifyInsideAndWithPlainJca(KeyAlgorithm algorithm) throws Exception {
        supports(algorithm);
        store.createKey("signer", algorithm, EC_ALL);
        byte[] data = bytes("receipt 1");
        KeySignature signature = store.sign("signer", data);
        assertEquals("signer", signature.keyName());
        assertEquals(1, signature.version());
        assertTrue(store.verify("signer", 1, data, signature.der()));
        assertFalse(store.verify("signer", 1, bytes("receipt 2"), signature.der()), "other data must not verify");
        byte[] flipped = signature.der();
        flipped[flipped.length - 1] ^= 1;
        assertFalse(store.verify("signer", 1, data, flipped), "a flipped signature bit must not verify");
        assertFalse(store.verify("signer", 1, data, new byte[] {1, 2, 3}), "garbage must not verify");

        PublicKey publicKey = publicKey(store.publicKey("signer", 1));
        assertEquals(algorithm == KeyAlgorithm.EC_P256 ? 256 : 384,
                ((ECPublicKey) publicKey).getParams().getCurve().getField().getFieldSize());
        assertTrue(jcaVerify(algorithm, publicKey, data, signature.der()), "plain JCA must accept the signature");
        assertFalse(jcaVerify(algorithm, publicKey, bytes("receipt 2"), signature.der()));

        store.rotateKey("signer");
        KeySignature next = store.sign("signer", data);
        assertEquals(2, next.version());
        assertTrue(store.verify("signer", 1, data, signature.der()), "a decrypt-only version still verifies");
        assertFalse(store.verify("signer", 2, data, signature.der()));
        PublicKey nextKey = publicKey(store.publicKey("signer", 2));
        assertFalse(Arrays.equals(publicKey.getEncoded(), nextKey.getEncoded()), "a rotation makes a new key pair");
        assertTrue(jcaVerify(algorithm, nextKey, data, next.der()));

        store.setVersionState("signer", 1, RETIRED);
        fails(KEY_UNUSABLE, () -> store.verify("signer", 1, data, signature.der()));
        fails(KEY_UNUSABLE, () -> store.publicKey("signer", 1));
    }

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"EC_P256", "EC_P384"})
    void aRevokedSigningVersionRefusesEveryOperation(KeyAlgorithm algorithm) throws Exception {
        supports(algorithm);
        store.createKey("signer", algorithm, EC_ALL);
        byte[] data = bytes("receipt");
        KeySignature signature = store.sign("signer", data);
        store.setVersionState("signer", 1, REVOKED);
        fails(KEY_UNUSABLE, () -> store.sign("signer", data));
        fails(KEY_UNUSABLE, () -> store.verify("signer", 1, data, signature.der()));
        fails(KEY_UNUSABLE, () -> store.publicKey("signer", 1));
        store.rotateKey("signer");
        assertEquals(2, store.sign("signer", data).version());
        fails(KEY_UNUSABLE, () -> store.verify("signer", 1, data, signature.der()));
    }

    // --- keys: purposes, deletion, unknown names -----------------------------------------------

    @Test
    void purposesAreEnforced() throws Exception {
        aes();
        byte[] plain = plaintext("purposes");
        SecretBytes material = secret(randomSecret(32));
        store.createKey("enc", AES_256_GCM, ENC_DEC);
        fails(NOT_PERMITTED, () -> store.wrap("enc", material));
        fails(NOT_PERMITTED, () -> store.unwrap("enc", store.encrypt("enc", plain, null)));
        fails(NOT_PERMITTED, () -> store.generateDataKey("enc"));
        fails(NOT_PERMITTED, () -> store.sign("enc", plain));
        fails(NOT_PERMITTED, () -> store.verify("enc", 1, plain, new byte[8]));
        fails(NOT_PERMITTED, () -> store.publicKey("enc", 1));

        store.createKey("kek", AES_256_GCM, EnumSet.of(WRAP, UNWRAP));
        fails(NOT_PERMITTED, () -> store.encrypt("kek", plain, null));
        fails(NOT_PERMITTED, () -> store.decrypt("kek", store.wrap("kek", material), null));

        store.createKey("encrypt-only", AES_256_GCM, EnumSet.of(ENCRYPT));
        byte[] ct = store.encrypt("encrypt-only", plain, null);
        fails(NOT_PERMITTED, () -> store.decrypt("encrypt-only", ct, null));
        fails(NOT_PERMITTED, () -> store.rewrap("encrypt-only", ct, null));

        store.createKey("wrap-only", AES_256_GCM, EnumSet.of(WRAP));
        byte[] wrapped = store.wrap("wrap-only", material);
        fails(NOT_PERMITTED, () -> store.unwrap("wrap-only", wrapped));

        for (KeyAlgorithm ec : EnumSet.of(KeyAlgorithm.EC_P256, KeyAlgorithm.EC_P384)) {
            if (!supportedAlgorithms().contains(ec)) {
                continue;
            }
            String signer = "signer-" + ec.name().toLowerCase().replace('_', '-');
            store.createKey(signer, ec, EC_ALL);
            fails(NOT_PERMITTED, () -> store.encrypt(signer, plain, null));
            fails(NOT_PERMITTED, () -> store.decrypt(signer, ct, null));
            fails(NOT_PERMITTED, () -> store.wrap(signer, material));
            fails(NOT_PERMITTED, () -> store.generateDataKey(signer));

            String verifier = "verify-only-" + ec.name().toLowerCase().replace('_', '-');
            store.createKey(verifier, ec, EnumSet.of(VERIFY));
            fails(NOT_PERMITTED, () -> store.sign(verifier, plain));
            String signOnly = "sign-only-" + ec.name().toLowerCase().replace('_', '-');
            store.createKey(signOnly, ec, EnumSet.of(SIGN));
            KeySignature signature = store.sign(signOnly, plain);
            fails(NOT_PERMITTED, () -> store.verify(signOnly, 1, plain, signature.der()));
        }
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void deleteKeyWaitsUntilNoVersionIsUsable(KeyAlgorithm algorithm) throws Exception {
        supports(algorithm);
        store.createKey("k", algorithm, allPurposes(algorithm));
        fails(NOT_PERMITTED, () -> store.deleteKey("k"));
        assertTrue(store.keyInfo("k").isPresent(), "a refused delete changes nothing");

        store.rotateKey("k");
        store.setVersionState("k", 2, RETIRED);
        fails(NOT_PERMITTED, () -> store.deleteKey("k"));
        store.setVersionState("k", 1, REVOKED);
        store.deleteKey("k");

        assertTrue(store.keyInfo("k").isEmpty());
        assertTrue(store.listKeys().isEmpty());
        fails(NOT_FOUND, () -> store.deleteKey("k"));
        fails(NOT_FOUND, () -> store.rotateKey("k"));
        assertEquals(List.of(ACTIVE), states(store.createKey("k", algorithm, allPurposes(algorithm))),
                "the name can be used again");
    }

    @Test
    void aDeletedKeyNeverDecryptsAgain() throws Exception {
        aes();
        store.createKey("k", AES_256_GCM, ENC_DEC);
        byte[] plain = plaintext("deleted key");
        byte[] ct = store.encrypt("k", plain, null);
        store.setVersionState("k", 1, REVOKED);
        store.deleteKey("k");
        fails(NOT_FOUND, () -> store.decrypt("k", ct, null));

        store.createKey("k", AES_256_GCM, ENC_DEC);
        KeyStorageException refused = assertThrows(KeyStorageException.class, () -> store.decrypt("k", ct, null),
                "a new key of the same name must not decrypt the old key's ciphertext");
        leaks.assertClean(refused);
    }

    @Test
    void unknownKeysAndVersionsAreNotFound() throws Exception {
        byte[] plain = plaintext("unknown");
        SecretBytes material = secret(randomSecret(32));
        fails(NOT_FOUND, () -> store.rotateKey("missing"));
        fails(NOT_FOUND, () -> store.setVersionState("missing", 1, RETIRED));
        fails(NOT_FOUND, () -> store.deleteKey("missing"));
        fails(NOT_FOUND, () -> store.encrypt("missing", plain, null));
        fails(NOT_FOUND, () -> store.decrypt("missing", new byte[64], null));
        fails(NOT_FOUND, () -> store.rewrap("missing", new byte[64], null));
        fails(NOT_FOUND, () -> store.wrap("missing", material));
        fails(NOT_FOUND, () -> store.unwrap("missing", new byte[64]));
        fails(NOT_FOUND, () -> store.generateDataKey("missing"));
        fails(NOT_FOUND, () -> store.sign("missing", plain));
        fails(NOT_FOUND, () -> store.verify("missing", 1, plain, new byte[8]));
        fails(NOT_FOUND, () -> store.publicKey("missing", 1));
        assertTrue(store.keyInfo("missing").isEmpty());

        String name = anyKey("known");
        fails(NOT_FOUND, () -> store.setVersionState(name, 2, RETIRED));
        fails(NOT_FOUND, () -> store.setVersionState(name, 0, RETIRED));
        for (KeyAlgorithm ec : EnumSet.of(KeyAlgorithm.EC_P256, KeyAlgorithm.EC_P384)) {
            if (supportedAlgorithms().contains(ec)) {
                store.createKey("ec", ec, EC_ALL);
                byte[] der = store.sign("ec", plain).der();
                fails(NOT_FOUND, () -> store.publicKey("ec", 2));
                fails(NOT_FOUND, () -> store.verify("ec", 2, plain, der));
                break;
            }
        }
    }

    // --- secrecy and concurrency ---------------------------------------------------------------

    @Test
    void noToStringShowsSecretsOrKeys() throws Exception {
        byte[] value = plaintext("to string");
        store.putSecret(PATH, secret(value), OptionalInt.empty());
        Secret read = store.getSecret(PATH).orElseThrow();
        leaks.assertClean("toString of a Secret", read.toString());
        leaks.assertClean("toString of SecretBytes", read.value().toString());
        leaks.assertClean("toString of listSecrets", store.listSecrets().toString());
        // A CAS refusal carries the rejected value in its call: its message must not.
        fails(CAS_MISMATCH, () -> store.putSecret(PATH, secret(plaintext("refused value")), OptionalInt.of(0)));
        if (supportedAlgorithms().contains(AES_256_GCM)) {
            store.createKey("kek", AES_256_GCM, AES_ALL);
            DataKey dataKey = rememberDataKey(store.generateDataKey("kek"));
            leaks.assertClean("toString of a DataKey", dataKey.toString());
            leaks.assertClean("toString of KeyInfo", info("kek").toString());
            fails(INTEGRITY, () -> store.decrypt("kek", store.encrypt("kek", plaintext("message"), bytes("a")), bytes("b")));
        }
        leaks.assertClean("toString of the store", store.toString());
    }

    @Test
    void encryptionNeverFailsWhileTheKeyRotates() throws Exception {
        aes();
        store.createKey("busy", AES_256_GCM, ENC_DEC);
        byte[] plain = plaintext("concurrent");
        int threads = 4;
        int rotations = 5;
        int encryptionsPerRotation = 40;
        int kept = 2_000;
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger made = new AtomicInteger();
        Queue<byte[]> ciphertexts = new ConcurrentLinkedQueue<>();
        Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            List<Future<?>> encrypters = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                encrypters.add(pool.submit(() -> {
                    while (!done.get()) {
                        try {
                            byte[] ct = store.encrypt("busy", plain, null);
                            if (made.incrementAndGet() <= kept) {
                                ciphertexts.add(ct);
                            }
                        } catch (Throwable e) {
                            errors.add(e);
                            done.set(true);
                        }
                    }
                    return null;
                }));
            }
            Future<?> rotator = pool.submit(() -> {
                try {
                    for (int i = 1; i <= rotations; i++) {
                        // Rotate only once the encrypters have made progress, so both interleave.
                        while (made.get() < i * encryptionsPerRotation && !done.get()) {
                            Thread.yield();
                        }
                        store.rotateKey("busy");
                    }
                } finally {
                    done.set(true);
                }
                return null;
            });
            rotator.get(HANG_GUARD_MINUTES, TimeUnit.MINUTES);
            for (Future<?> encrypter : encrypters) {
                encrypter.get(HANG_GUARD_MINUTES, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        if (!errors.isEmpty()) {
            Throwable first = errors.peek();
            leaks.assertClean(first);
            fail("an encryption failed during rotation: " + first);
        }
        assertEquals(rotations + 1, info("busy").versions().size());
        assertEquals(1, states(info("busy")).stream().filter(s -> s == ACTIVE).count(), "exactly one active version");
        assertTrue(made.get() >= rotations * encryptionsPerRotation);
        for (byte[] ct : ciphertexts) {
            assertArrayEquals(plain, store.decrypt("busy", ct, null));
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    /** Asserts that {@code call} fails with {@code expected} and that its message leaks nothing. */
    private KeyStorageException fails(Reason expected, Executable call) {
        KeyStorageException e = assertThrows(KeyStorageException.class, call, () -> "expected " + expected);
        leaks.assertClean(e);
        assertEquals(expected, e.reason(), () -> "reason of: " + e.getMessage());
        return e;
    }

    private KeyStorageException failsWithOneOf(Set<Reason> expected, Executable call) {
        KeyStorageException e = assertThrows(KeyStorageException.class, call, () -> "expected one of " + expected);
        leaks.assertClean(e);
        assertTrue(expected.contains(e.reason()), () -> "reason " + e.reason() + " not in " + expected + ": " + e.getMessage());
        return e;
    }

    private void supports(KeyAlgorithm algorithm) {
        assumeTrue(supportedAlgorithms().contains(algorithm), () -> "store does not support " + algorithm);
    }

    private void aes() {
        supports(AES_256_GCM);
    }

    /** Creates a key of the first supported algorithm with all its purposes. */
    private String anyKey(String name) throws KeyStorageException {
        assumeTrue(!supportedAlgorithms().isEmpty(), "store supports no algorithm");
        KeyAlgorithm algorithm = supportedAlgorithms().iterator().next();
        store.createKey(name, algorithm, allPurposes(algorithm));
        return name;
    }

    private static Set<KeyPurpose> allPurposes(KeyAlgorithm algorithm) {
        return algorithm == AES_256_GCM ? AES_ALL : EC_ALL;
    }

    private KeyInfo info(String name) throws KeyStorageException {
        return store.keyInfo(name).orElseThrow(() -> new AssertionError("key " + name + " is missing"));
    }

    /** A printable plaintext, unique per call, that the store must never show. */
    private byte[] plaintext(String label) {
        byte[] nonce = new byte[8];
        random.nextBytes(nonce);
        byte[] value = ("tck " + label + " " + HexFormat.of().formatHex(nonce)).getBytes(StandardCharsets.US_ASCII);
        leaks.remember(value);
        return value;
    }

    private byte[] randomSecret(int size) {
        byte[] value = new byte[size];
        random.nextBytes(value);
        leaks.remember(value);
        return value;
    }

    private DataKey rememberDataKey(DataKey dataKey) {
        leaks.remember(dataKey.plaintext().reveal(InsecureSecretAccess.get()));
        return dataKey;
    }

    private static SecretBytes secret(byte[] value) {
        return SecretBytes.copyOf(value, InsecureSecretAccess.get());
    }

    private static byte[] reveal(Secret secret) {
        return secret.value().reveal(InsecureSecretAccess.get());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<KeyVersionState> states(KeyInfo info) {
        return info.versions().stream().map(KeyVersion::state).toList();
    }

    private static List<Integer> versionNumbers(KeyInfo info) {
        return info.versions().stream().map(KeyVersion::version).toList();
    }

    private static List<Integer> numbers(List<SecretVersion> versions) {
        return versions.stream().map(SecretVersion::version).toList();
    }

    private static List<SecretVersion.State> secretStates(List<SecretVersion> versions) {
        return versions.stream().map(SecretVersion::state).toList();
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

    private static PublicKey publicKey(byte[] spki) throws GeneralSecurityException {
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
    }

    private static boolean jcaVerify(KeyAlgorithm algorithm, PublicKey key, byte[] data, byte[] der)
            throws GeneralSecurityException {
        Signature verifier = Signature.getInstance(algorithm == KeyAlgorithm.EC_P256 ? "SHA256withECDSA" : "SHA384withECDSA");
        verifier.initVerify(key);
        verifier.update(data);
        return verifier.verify(der);
    }
}
