package io.ccl.keys.vault;

import static io.ccl.keys.vault.KeyStorageExceptionAssert.unavailable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.vault.fake.FakeNamespace;
import io.ccl.keys.vault.fake.FakeVault;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NamespaceTest {
    FakeVaultFixture fx;
    String token;

    @BeforeEach
    void start() throws Exception {
        fx = new FakeVaultFixture();
        FakeNamespace team = fx.vault.namespace("team-a");
        team.enableTransit("transit");
        team.enableKv2("secret");
        token = team.token(Set.of("root"), Duration.ofHours(1), true, Duration.ZERO);
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void everyRequestCarriesTheNamespaceAndTheRequestHeader() throws Exception {
        VaultKeyStorage store = fx.store(fx.settings().withNamespace("team-a/"), FakeVaultFixture.tokenAuth(token));
        ResourcePath path = new ResourcePath("r", "t", "x");
        store.putSecret(path, VaultSecretsTest.secret("in team a"), OptionalInt.empty());
        store.createKey("k", KeyAlgorithm.AES_256_GCM, Set.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT));
        store.encrypt("k", new byte[] {1}, null);
        assertTrue(fx.vault.requests().size() > 5);
        for (FakeVault.Logged r : fx.vault.requests()) {
            assertEquals("team-a", r.namespace(), r.path());
            assertTrue(r.requestHeader(), r.path());
        }
        VaultKeyStorage rootView = fx.rootStore();
        assertTrue(rootView.getSecret(path).isEmpty(), "the root namespace holds nothing of team-a");
        assertTrue(rootView.keyInfo("k").isEmpty());
    }

    @Test
    void withoutTheNamespaceTheTokenIsUnknown() throws Exception {
        VaultKeyStorage store = fx.store(fx.settings(), FakeVaultFixture.tokenAuth(token));
        unavailable(() -> store.getSecret(new ResourcePath("r", "t", "x")));
        assertEquals("", fx.vault.requests().get(0).namespace());
    }
}
