package io.ccl.keys.vault;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ccl.keys.api.KeyStorage;
import io.ccl.keys.tck.KeyStorageContract;
import io.ccl.keys.vault.auth.CredentialSource;
import io.ccl.keys.vault.auth.TokenAuth;
import io.ccl.keys.vault.http.TlsContexts;
import io.ccl.keys.vault.http.VaultHttp;
import io.ccl.keys.vault.http.VaultToken;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;

/**
 * The key store TCK against a real Vault or OpenBao, when {@code VAULT_ADDR} and
 * {@code VAULT_TOKEN} are set (skipped otherwise). Every test enables Transit and KV v2 at unique
 * mount paths ({@code ccl-tck-<random>-transit}, {@code ccl-tck-<random>-kv}) and disables them
 * afterwards, which deletes everything the test wrote. The token needs {@code sys/mounts/*} and
 * the mounted paths (a root or admin token of a dev server). Optional: {@code VAULT_CACERT} (PEM
 * CA bundle), {@code VAULT_NAMESPACE}. An {@code http://} address is accepted here because a dev
 * server ({@code vault server -dev}) listens on plain HTTP.
 *
 * <pre>
 * vault server -dev -dev-root-token-id=root &amp;
 * VAULT_ADDR=http://127.0.0.1:8200 VAULT_TOKEN=root mvn -o install -pl bundles/io.ccl.keys.vault -Dtest=LiveVaultTckTest
 * </pre>
 */
class LiveVaultTckTest extends KeyStorageContract {
    private static URI address;
    private static VaultSettings base;
    private static VaultHttp http;
    private VaultMounts mounts;

    @BeforeAll
    static void connect() throws Exception {
        String addr = System.getenv("VAULT_ADDR");
        if (addr == null || addr.isBlank() || System.getenv("VAULT_TOKEN") == null) {
            return; // every test reports itself skipped in newStore()
        }
        address = URI.create(addr.strip());
        String ca = System.getenv("VAULT_CACERT");
        String ns = Optional.ofNullable(System.getenv("VAULT_NAMESPACE")).orElse("");
        base = new VaultSettings(address, ns, ca == null || ca.isBlank() ? Optional.empty() : Optional.of(Path.of(ca)),
                "http".equals(address.getScheme()), "transit", "secret", "ccl/resources", "secret", "ccl/keys",
                Duration.ofSeconds(5), Duration.ofSeconds(30));
        SSLContext tls = base.caBundle().isPresent() ? TlsContexts.trusting(base.caBundle().get()) : TlsContexts.jdkDefault();
        http = new VaultHttp(address, ns, tls, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    @Override
    protected KeyStorage newStore() throws Exception {
        assumeTrue(http != null, "VAULT_ADDR and VAULT_TOKEN name no Vault server: live TCK skipped");
        byte[] id = new byte[4];
        new SecureRandom().nextBytes(id);
        String prefix = "ccl-tck-" + HexFormat.of().formatHex(id);
        mounts = VaultMounts.replace(http, VaultToken.of(System.getenv("VAULT_TOKEN")), prefix + "-transit", prefix + "-kv");
        VaultSettings settings = base.withMounts(mounts.transit, mounts.kv, "ccl/resources", mounts.kv, "ccl/keys");
        return new VaultKeyStorage(settings, new TokenAuth(CredentialSource.env("VAULT_TOKEN")), Clock.systemUTC());
    }

    @Override
    protected void closeStore(KeyStorage store) throws Exception {
        ((VaultKeyStorage) store).close();
        mounts.close();
    }
}
