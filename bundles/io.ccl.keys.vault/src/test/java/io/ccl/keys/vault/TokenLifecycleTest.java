package io.ccl.keys.vault;

import static io.ccl.keys.vault.KeyStorageExceptionAssert.fails;
import static io.ccl.keys.vault.KeyStorageExceptionAssert.unavailable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.vault.auth.AppRoleAuth;
import io.ccl.keys.vault.auth.CredentialSource;
import io.ccl.keys.vault.auth.TokenAuth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Login, renewal before expiry, re-login, revocation; time moved on the shared clock. */
class TokenLifecycleTest {
    static final ResourcePath PATH = new ResourcePath("default", "speech", "api-key");

    @TempDir
    Path dir;
    FakeVaultFixture fx;

    @BeforeEach
    void start() throws Exception {
        fx = new FakeVaultFixture();
        fx.vault.root().policy("ccl-runtime", VaultKeyStorageTckTest.policy("ccl-runtime.hcl"));
        fx.rootStore().putSecret(PATH, VaultSecretsTest.secret("speech key"), OptionalInt.empty());
        fx.vault.clearRequests();
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    long count(String pathSuffix) {
        return fx.vault.requests().stream().filter(r -> r.path().endsWith(pathSuffix)).count();
    }

    VaultKeyStorage appRoleStore(Duration ttl, Duration maxTtl) throws Exception {
        Path secretId = Files.writeString(dir.resolve("secret-id"), "approle-secret-id\n");
        fx.vault.root().appRole("approle", "role-1", "approle-secret-id", Set.of("ccl-runtime"), ttl, maxTtl);
        return fx.store(fx.settings(), new AppRoleAuth("approle", "role-1", CredentialSource.file(secretId)));
    }

    void read(VaultKeyStorage store) throws KeyStorageException {
        assertTrue(store.getSecret(PATH).isPresent());
    }

    @Test
    void renewsAtTwoThirdsOfTheTtlAndLogsInAgainAtTheMaxTtl() throws Exception {
        VaultKeyStorage store = appRoleStore(Duration.ofSeconds(60), Duration.ofSeconds(150));
        read(store);
        assertEquals(1, store.tokens().logins());
        fx.clock.advance(Duration.ofSeconds(30));
        read(store);
        assertEquals(0, store.tokens().renewals(), "not yet due at 30 s of 60 s");
        fx.clock.advance(Duration.ofSeconds(15));
        read(store);
        assertEquals(1, store.tokens().renewals(), "renewed at 45 s");
        assertEquals(1, count("/auth/token/renew-self"));
        fx.clock.advance(Duration.ofSeconds(45));
        read(store);
        assertEquals(2, store.tokens().renewals(), "renewed again at 90 s, capped at the 150 s max TTL");
        fx.clock.advance(Duration.ofSeconds(45));
        read(store);
        assertEquals(2, store.tokens().renewals(), "at 135 s renewal no longer extends the lease");
        assertEquals(2, store.tokens().logins(), "so the store logged in again");
        assertEquals(2, count("/auth/approle/login"));
    }

    @Test
    void aNonRenewableTokenIsReplacedFromItsFile() throws Exception {
        String first = fx.vault.root().token(Set.of("ccl-runtime"), Duration.ofSeconds(60), false, Duration.ZERO);
        Path file = Files.writeString(dir.resolve("token"), first);
        VaultKeyStorage store = fx.store(fx.settings(), new TokenAuth(CredentialSource.file(file)));
        read(store);
        // Vault Agent writes a fresh token into its sink file.
        Files.writeString(file, fx.vault.root().token(Set.of("ccl-runtime"), Duration.ofSeconds(60), false, Duration.ZERO));
        fx.clock.advance(Duration.ofSeconds(41));
        read(store);
        assertEquals(0, store.tokens().renewals());
        assertEquals(2, store.tokens().logins());
        assertEquals(2, count("/auth/token/lookup-self"));
        assertEquals(0, count("/auth/token/renew-self"));
    }

    @Test
    void anExpiredTokenThatCannotBeReplacedMakesTheStoreUnavailable() throws Exception {
        String token = fx.vault.root().token(Set.of("ccl-runtime"), Duration.ofSeconds(60), false, Duration.ZERO);
        VaultKeyStorage store = fx.store(fx.settings(), FakeVaultFixture.tokenAuth(token));
        read(store);
        fx.clock.advance(Duration.ofSeconds(61));
        KeyStorageException e = unavailable(() -> store.getSecret(PATH));
        assertFalse(e.getMessage().contains(token), "no token in messages");
        assertTrue(e.getMessage().contains("rejected the configured token"), e.getMessage());
    }

    @Test
    void aRevokedTokenIsReplacedByLoggingInAgain() throws Exception {
        VaultKeyStorage store = appRoleStore(Duration.ofHours(1), Duration.ZERO);
        read(store);
        assertEquals(1, fx.vault.root().revokeAllButRoot(), "an operator revokes the store's token");
        read(store);
        assertEquals(2, store.tokens().logins());
    }

    @Test
    void aPolicyDenialIsNotPermittedAfterOneFreshLogin() throws Exception {
        VaultKeyStorage store = appRoleStore(Duration.ofHours(1), Duration.ZERO);
        fails(Reason.NOT_PERMITTED, () -> store.putSecret(PATH, VaultSecretsTest.secret("x"), OptionalInt.empty()));
        assertEquals(2, store.tokens().logins(), "a 403 is retried once with a fresh token");
    }

    @Test
    void closingRevokesATokenTheStoreLoggedInFor() throws Exception {
        VaultKeyStorage store = appRoleStore(Duration.ofHours(1), Duration.ZERO);
        read(store);
        int before = fx.vault.root().liveTokens();
        store.close();
        assertEquals(before - 1, fx.vault.root().liveTokens());
        unavailable(() -> store.getSecret(PATH));
    }

    @Test
    void aMissingCredentialIsUnavailableNotAnNpe() throws Exception {
        VaultKeyStorage store = fx.store(fx.settings(), new TokenAuth(CredentialSource.file(dir.resolve("absent"))));
        unavailable(() -> store.getSecret(PATH));
        VaultKeyStorage env = fx.store(fx.settings(), new TokenAuth(CredentialSource.env("CCL_TEST_SURELY_UNSET_VARIABLE")));
        unavailable(() -> env.getSecret(PATH));
        fx.vault.root().appRole("approle", "role-1", "right", Set.of("ccl-runtime"), Duration.ofHours(1), Duration.ZERO);
        Path wrong = Files.writeString(dir.resolve("wrong"), "wrong");
        VaultKeyStorage approle = fx.store(fx.settings(), new AppRoleAuth("approle", "role-1", CredentialSource.file(wrong)));
        KeyStorageException e = unavailable(() -> approle.getSecret(PATH));
        assertTrue(e.getMessage().contains("invalid role or secret ID"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong"));
    }
}
