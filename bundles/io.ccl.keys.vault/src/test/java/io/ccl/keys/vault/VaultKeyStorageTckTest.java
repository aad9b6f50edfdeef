package io.ccl.keys.vault;

import io.ccl.keys.api.KeyStorage;
import io.ccl.keys.tck.KeyStorageContract;
import io.ccl.keys.vault.fake.FakeVault;
import io.ccl.keys.vault.fake.MutableClock;
import io.ccl.keys.vault.http.TlsContexts;
import io.ccl.keys.vault.http.VaultHttp;
import io.ccl.keys.vault.http.VaultToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The key store TCK against the fake Vault, with the store logged in as the {@code ccl-admin}
 * policy of the README (so the TCK also proves that policy grants every operation), on the
 * default mounts {@code transit} and {@code secret}, re-created empty for every test.
 */
class VaultKeyStorageTckTest extends KeyStorageContract {
    static FakeVault vault;
    static Path caBundle;
    static VaultHttp rootHttp;
    private VaultMounts mounts;

    @BeforeAll
    static void startFake() throws Exception {
        vault = FakeVault.start(new MutableClock(Instant.parse("2026-11-21T10:00:00Z")));
        caBundle = vault.writeCaBundle(Files.createTempFile("fake-vault-ca", ".pem"));
        vault.root().policy("ccl-admin", policy("ccl-admin.hcl"));
        rootHttp = new VaultHttp(vault.address(), "", TlsContexts.trusting(caBundle), Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopFake() throws IOException {
        vault.close();
        Files.deleteIfExists(caBundle);
    }

    static String policy(String file) throws IOException {
        try (InputStream in = VaultKeyStorageTckTest.class.getResourceAsStream("policies/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    protected KeyStorage newStore() throws Exception {
        mounts = VaultMounts.replace(rootHttp, VaultToken.of(vault.rootToken()), "transit", "secret");
        String admin = vault.root().token(Set.of("ccl-admin"), Duration.ofHours(1), true, Duration.ZERO);
        return new VaultKeyStorage(VaultSettings.of(vault.address()).withCaBundle(caBundle), FakeVaultFixture.tokenAuth(admin),
                vault.clock());
    }

    @Override
    protected void closeStore(KeyStorage store) throws Exception {
        ((VaultKeyStorage) store).close();
        mounts.close();
    }
}
