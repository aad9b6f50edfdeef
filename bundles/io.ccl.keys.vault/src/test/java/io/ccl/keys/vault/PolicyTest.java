package io.ccl.keys.vault;

import static io.ccl.keys.vault.KeyStorageExceptionAssert.fails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeySignature;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.KeyVersionState;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.vault.http.TlsContexts;
import io.ccl.keys.vault.http.VaultHttp;
import io.ccl.keys.vault.http.VaultReply;
import io.ccl.keys.vault.http.VaultToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The README's HCL policies, enforced by the fake: the runtime can use keys and read secrets, nothing more. */
class PolicyTest {
    static final ResourcePath PATH = new ResourcePath("default", "speech", "api-key");
    static final byte[] DATA = "call 7".getBytes(StandardCharsets.UTF_8);

    FakeVaultFixture fx;
    VaultKeyStorage admin;
    VaultKeyStorage runtime;
    String runtimeToken;

    @BeforeEach
    void start() throws Exception {
        fx = new FakeVaultFixture();
        fx.vault.root().policy("ccl-admin", VaultKeyStorageTckTest.policy("ccl-admin.hcl"));
        fx.vault.root().policy("ccl-runtime", VaultKeyStorageTckTest.policy("ccl-runtime.hcl"));
        admin = fx.store(fx.settings(), FakeVaultFixture.tokenAuth(fx.vault.root().token(Set.of("ccl-admin"), Duration.ofHours(1), true,
                Duration.ZERO)));
        runtimeToken = fx.vault.root().token(Set.of("ccl-runtime"), Duration.ofHours(1), true, Duration.ZERO);
        runtime = fx.store(fx.settings(), FakeVaultFixture.tokenAuth(runtimeToken));
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void theRuntimePolicyUsesKeysAndReadsSecrets() throws Exception {
        admin.putSecret(PATH, VaultSecretsTest.secret("speech key"), OptionalInt.empty());
        admin.createKey("orders", KeyAlgorithm.AES_256_GCM, Set.of(KeyPurpose.values()).stream()
                .filter(p -> p != KeyPurpose.SIGN && p != KeyPurpose.VERIFY).collect(java.util.stream.Collectors.toSet()));
        admin.createKey("receipts", KeyAlgorithm.EC_P384, Set.of(KeyPurpose.SIGN, KeyPurpose.VERIFY));

        assertEquals("speech key", VaultSecretsTest.text(runtime.getSecret(PATH).orElseThrow()));
        assertEquals(List.of(PATH), runtime.listSecrets());
        assertEquals(1, runtime.secretVersions(PATH).size());
        assertEquals(2, runtime.listKeys().size());
        byte[] ct = runtime.encrypt("orders", DATA, DATA);
        assertArrayEquals(DATA, runtime.decrypt("orders", ct, DATA));
        assertTrue(runtime.unwrap("orders", runtime.generateDataKey("orders").wrapped()).size() == 32);
        KeySignature sig = runtime.sign("receipts", DATA);
        assertTrue(runtime.verify("receipts", 1, DATA, sig.der()));
        assertEquals(120, runtime.publicKey("receipts", 1).length);
        admin.rotateKey("orders");
        assertTrue(new String(runtime.rewrap("orders", ct, DATA), StandardCharsets.US_ASCII).startsWith("vault:v2:"));
    }

    @Test
    void theRuntimePolicyCannotChangeKeysOrSecrets() throws Exception {
        admin.putSecret(PATH, VaultSecretsTest.secret("speech key"), OptionalInt.empty());
        admin.createKey("orders", KeyAlgorithm.AES_256_GCM, Set.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT));
        fails(Reason.NOT_PERMITTED, () -> runtime.createKey("mine", KeyAlgorithm.AES_256_GCM, Set.of(KeyPurpose.ENCRYPT)));
        fails(Reason.NOT_PERMITTED, () -> runtime.rotateKey("orders"));
        fails(Reason.NOT_PERMITTED, () -> runtime.setVersionState("orders", 1, KeyVersionState.REVOKED));
        fails(Reason.NOT_PERMITTED, () -> runtime.putSecret(PATH, VaultSecretsTest.secret("x"), OptionalInt.empty()));
        fails(Reason.NOT_PERMITTED, () -> runtime.deleteSecret(PATH));
        fails(Reason.NOT_PERMITTED, () -> runtime.deleteSecretVersion(PATH, 1));
        fails(Reason.NOT_PERMITTED, () -> runtime.destroySecretVersion(PATH, 1));
        assertEquals(List.of(KeyVersionState.ACTIVE), admin.keyInfo("orders").orElseThrow().versions().stream().map(v -> v.state()).toList());
        assertTrue(admin.getSecret(PATH).isPresent());
        VaultHttp http = new VaultHttp(fx.vault.address(), "", TlsContexts.trusting(fx.caBundle), Duration.ofSeconds(5), Duration.ofSeconds(5));
        VaultReply denied = http.send("POST", "transit/keys/orders/config", http.json().createObjectNode().put("min_decryption_version", 1),
                VaultToken.of(runtimeToken));
        assertEquals(403, denied.status());
        assertEquals(List.of("permission denied"), denied.errors());
    }

    @Test
    void theReadmeShowsExactlyTheTestedPolicies() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (String file : List.of("ccl-runtime.hcl", "ccl-admin.hcl")) {
            assertTrue(readme.contains(VaultKeyStorageTckTest.policy(file).strip()), file + " is quoted verbatim in the README");
        }
    }
}
