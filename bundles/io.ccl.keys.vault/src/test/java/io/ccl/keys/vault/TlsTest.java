package io.ccl.keys.vault;

import static io.ccl.keys.vault.KeyStorageExceptionAssert.fails;
import static io.ccl.keys.vault.KeyStorageExceptionAssert.unavailable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.vault.fake.FakeTls;
import io.ccl.keys.vault.fake.FakeVault;
import io.ccl.keys.vault.fake.MutableClock;
import io.ccl.keys.vault.http.TlsContexts;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {
    static final ResourcePath PATH = new ResourcePath("r", "t", "x");

    @TempDir
    Path dir;

    @Test
    void aServerCertificateFromAnotherCaIsRefused() throws Exception {
        try (FakeVaultFixture fx = new FakeVaultFixture()) {
            Path otherCa = FakeTls.generate("Some Other CA").writeCaBundle(dir.resolve("other.pem"));
            VaultKeyStorage store = fx.store(fx.settings().withCaBundle(otherCa), FakeVaultFixture.tokenAuth(fx.vault.rootToken()));
            KeyStorageException e = unavailable(() -> store.getSecret(PATH));
            assertInstanceOf(SSLException.class, e.getCause());
            assertTrue(e.getMessage().contains("TLS"), e.getMessage());
            assertTrue(fx.vault.requests().isEmpty(), "nothing reached the server");
        }
    }

    @Test
    void theJdkTrustStoreDoesNotTrustATestCa() throws Exception {
        try (FakeVaultFixture fx = new FakeVaultFixture()) {
            VaultKeyStorage store = fx.store(VaultSettings.of(fx.vault.address()), FakeVaultFixture.tokenAuth(fx.vault.rootToken()));
            unavailable(() -> store.getSecret(PATH));
        }
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        FakeTls elsewhere = FakeTls.generate("CCL Test CA", "vault.other.example", "10.9.9.9");
        try (FakeVault vault = FakeVault.start(new MutableClock(Instant.now()), elsewhere)) {
            vault.root().enableKv2("secret");
            Path ca = elsewhere.writeCaBundle(dir.resolve("ca.pem"));
            VaultKeyStorage store = new VaultKeyStorage(VaultSettings.of(vault.address()).withCaBundle(ca),
                    FakeVaultFixture.tokenAuth(vault.rootToken()), vault.clock());
            try {
                KeyStorageException e = unavailable(() -> store.getSecret(PATH));
                assertInstanceOf(SSLException.class, e.getCause());
            } finally {
                store.close();
            }
        }
    }

    @Test
    void theTrustedCaWorksOnTheIpAddressToo() throws Exception {
        try (FakeVaultFixture fx = new FakeVaultFixture()) {
            VaultKeyStorage store = fx.store(VaultSettings.of(fx.vault.ipAddress()).withCaBundle(fx.caBundle),
                    FakeVaultFixture.tokenAuth(fx.vault.rootToken()));
            assertTrue(store.getSecret(PATH).isEmpty());
        }
    }

    @Test
    void onlyTls12AndNewerAreOffered() {
        assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, TlsContexts.parameters().getProtocols());
        assertEquals("HTTPS", TlsContexts.parameters().getEndpointIdentificationAlgorithm());
    }

    @Test
    void plainHttpNeedsTheDevelopmentSwitch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VaultSettings.of(URI.create("http://127.0.0.1:8200")));
        assertTrue(e.getMessage().contains("allow.insecure.http"));
        assertThrows(IllegalArgumentException.class, () -> VaultSettings.of(URI.create("https://vault.example/v1/")));
        assertThrows(IllegalArgumentException.class, () -> VaultSettings.of(URI.create("ftp://vault.example")));
        assertThrows(IllegalArgumentException.class, () -> new VaultKeyStorage(Configs.config(Map.of("address", "http://127.0.0.1:8200"))));
        VaultSettings dev = VaultConfigs.settings(Configs.config(Map.of("address", "http://127.0.0.1:8200", "allow_insecure_http", true)));
        assertEquals("http", dev.address().getScheme());
    }

    @Test
    void aMissingOrEmptyCaBundleIsAConfigurationError() throws Exception {
        fails(Reason.INVALID_ARGUMENT, () -> TlsContexts.trusting(dir.resolve("absent.pem")));
        fails(Reason.INVALID_ARGUMENT, () -> TlsContexts.trusting(Files.writeString(dir.resolve("empty.pem"), "")));
    }
}
