package io.ccl.keys.vault;

import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.vault.auth.CredentialSource;
import io.ccl.keys.vault.auth.TokenAuth;
import io.ccl.keys.vault.auth.VaultAuth;
import io.ccl.keys.vault.fake.FakeVault;
import io.ccl.keys.vault.fake.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A fake Vault with Transit at {@code transit} and KV v2 at {@code secret}, and stores pointed at it. */
final class FakeVaultFixture implements AutoCloseable {
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    final FakeVault vault;
    final Path caBundle;
    private final List<VaultKeyStorage> stores = new ArrayList<>();

    FakeVaultFixture() throws Exception {
        vault = FakeVault.start(clock);
        vault.root().enableTransit("transit");
        vault.root().enableKv2("secret");
        caBundle = vault.writeCaBundle(Files.createTempFile("fake-vault-ca", ".pem"));
    }

    VaultSettings settings() {
        return VaultSettings.of(vault.address()).withCaBundle(caBundle);
    }

    /** A store logged in with the root token. */
    VaultKeyStorage rootStore() throws KeyStorageException {
        return store(settings(), tokenAuth(vault.rootToken()));
    }

    VaultKeyStorage store(VaultSettings settings, VaultAuth auth) throws KeyStorageException {
        VaultKeyStorage store = new VaultKeyStorage(settings, auth, clock);
        stores.add(store);
        return store;
    }

    static VaultAuth tokenAuth(String token) {
        return new TokenAuth(CredentialSource.supplier(() -> token, "test token"));
    }

    @Override
    public void close() throws java.io.IOException {
        stores.forEach(VaultKeyStorage::close);
        vault.close();
        Files.deleteIfExists(caBundle);
    }
}
