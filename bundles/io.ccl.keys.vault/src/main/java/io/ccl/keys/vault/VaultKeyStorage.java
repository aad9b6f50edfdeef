package io.ccl.keys.vault;

import io.ccl.attestation.api.AttestationResult;
import io.ccl.keys.api.DataKey;
import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeySignature;
import io.ccl.keys.api.KeyStorage;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.KeyVersionState;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.Secret;
import io.ccl.keys.api.SecretBytes;
import io.ccl.keys.api.SecretVersion;
import io.ccl.keys.vault.auth.TokenManager;
import io.ccl.keys.vault.auth.VaultAuth;
import io.ccl.keys.vault.auth.VaultClient;
import io.ccl.keys.vault.http.TlsContexts;
import io.ccl.keys.vault.http.VaultHttp;
import io.ccl.keys.vault.kv.Kv2;
import io.ccl.keys.vault.kv.KvSecrets;
import io.ccl.keys.vault.transit.TransitCrypto;
import io.ccl.keys.vault.transit.TransitKeys;
import io.ccl.runtime.api.ConfidentialRuntime;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key store on HashiCorp Vault or OpenBao ({@code ccl.keys.store=vault}): keys in the Transit
 * engine, secrets in KV v2, CCL's per-key record (purposes, retired and revoked versions) in KV v2
 * as well. See the bundle README for configuration, the Vault setup and the exact split of
 * guarantees between Vault and CCL.
 *
 * <p><b>Security guarantees.</b> Key material never leaves Vault (only data keys, by design, and
 * secrets). Every call reads the key's record and Transit description afresh and refuses
 * purposes, algorithms and version states that do not allow the operation before Vault is asked;
 * Vault itself refuses versions below {@code min_decryption_version} (raised past retired and
 * revoked versions) and encryption or signing with any version but the latest. TLS 1.2+ only,
 * trusting the configured CA bundle. No token, secret or plaintext appears in a log line or an
 * exception message.
 */
@Component(service = KeyStorage.class, configurationPid = VaultKeyStorage.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = KeyStorage.STORE_PROPERTY + "=" + VaultKeyStorage.KIND)
@Designate(ocd = VaultKeyStorage.Config.class)
public final class VaultKeyStorage implements KeyStorage, AutoCloseable {
    /** Configuration PID. */
    public static final String PID = "io.ccl.keys.vault";
    /** Value of {@value KeyStorage#STORE_PROPERTY}. */
    public static final String KIND = "vault";

    private static final Logger LOG = LoggerFactory.getLogger(VaultKeyStorage.class);

    @ObjectClassDefinition(name = "CCL Vault key store",
            description = "Keys in Vault/OpenBao Transit, secrets in KV v2. Credentials come from files, the environment or the runtime's EAR, never from this configuration.")
    public @interface Config {
        @AttributeDefinition(name = "Address", description = "https://host:port of Vault or OpenBao (no path)")
        String address();

        @AttributeDefinition(name = "Namespace", description = "X-Vault-Namespace (Vault Enterprise, OpenBao); empty for none")
        String namespace() default "";

        @AttributeDefinition(name = "CA bundle", description = "PEM file of the CA certificates to trust for Vault's TLS certificate; empty: the JDK's CAs")
        String ca_file() default "";

        @AttributeDefinition(name = "Allow plain HTTP", description = "Development only: accept an http:// address")
        boolean allow_insecure_http() default false;

        @AttributeDefinition(name = "Auth method", description = "token, approle or jwt")
        String auth_method() default "token";

        @AttributeDefinition(name = "Token file", description = "token auth: file holding the token (e.g. a Vault Agent sink); empty: the environment variable below")
        String token_file() default "";

        @AttributeDefinition(name = "Token environment variable", description = "token auth: variable holding the token when no file is set")
        String token_env() default "VAULT_TOKEN";

        @AttributeDefinition(name = "AppRole mount", description = "approle auth: mount path below auth/")
        String approle_mount() default "approle";

        @AttributeDefinition(name = "AppRole role_id", description = "approle auth: the role_id (an identifier, not a secret)")
        String approle_role_id() default "";

        @AttributeDefinition(name = "AppRole secret_id file", description = "approle auth: file holding the secret_id")
        String approle_secret_id_file() default "";

        @AttributeDefinition(name = "JWT mount", description = "jwt auth: mount path below auth/")
        String jwt_mount() default "jwt";

        @AttributeDefinition(name = "JWT role", description = "jwt auth: the role to log in as")
        String jwt_role() default "";

        @AttributeDefinition(name = "JWT file", description = "jwt auth: file holding the JWT; empty: the Confidential Runtime's latest EAR token")
        String jwt_file() default "";

        @AttributeDefinition(name = "Transit mount", description = "mount path of the Transit engine for keys")
        String transit_mount() default "transit";

        @AttributeDefinition(name = "KV mount", description = "mount path of the KV v2 engine for secrets")
        String kv_mount() default "secret";

        @AttributeDefinition(name = "KV prefix", description = "folder below the KV mount holding repo/type/tag secrets; may be empty")
        String kv_prefix() default "ccl/resources";

        @AttributeDefinition(name = "Metadata mount", description = "KV v2 mount of CCL's key records; empty: the KV mount")
        String metadata_mount() default "";

        @AttributeDefinition(name = "Metadata path", description = "folder of CCL's key records (purposes, retired and revoked versions)")
        String metadata_path() default "ccl/keys";

        @AttributeDefinition(name = "Connect timeout (s)")
        int connect_timeout_seconds() default 5;

        @AttributeDefinition(name = "Request timeout (s)")
        int request_timeout_seconds() default 15;

        @AttributeDefinition(name = "Token refresh check (s)", description = "how often a background task renews or replaces the token when due; 0: only on use")
        int token_refresh_seconds() default 30;
    }

    private final VaultSettings settings;
    private final TokenManager tokens;
    private final KvSecrets secrets;
    private final TransitKeys keys;
    private final TransitCrypto crypto;
    private final ScheduledExecutorService refresher;
    private volatile boolean closed;

    /** The runtime whose latest EAR logs in with JWT auth, when {@code jwt.file} is not set. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfidentialRuntime runtime;

    @Activate
    public VaultKeyStorage(Config config) throws KeyStorageException {
        this(VaultConfigs.settings(config), null, Clock.systemUTC(), Duration.ofSeconds(config.token_refresh_seconds()), config);
    }

    /**
     * A store outside OSGi (tests, tools).
     *
     * @param auth how to obtain a token
     * @param clock time for token leases and secret deletion times
     */
    public VaultKeyStorage(VaultSettings settings, VaultAuth auth, Clock clock) throws KeyStorageException {
        this(settings, Objects.requireNonNull(auth, "auth"), clock, Duration.ZERO, null);
    }

    private VaultKeyStorage(VaultSettings settings, VaultAuth auth, Clock clock, Duration refresh, Config config)
            throws KeyStorageException {
        this.settings = settings;
        VaultAuth method = auth != null ? auth : VaultConfigs.auth(config, this::latestEar);
        SSLContext tls = settings.caBundle().isPresent() ? TlsContexts.trusting(settings.caBundle().get()) : TlsContexts.jdkDefault();
        VaultHttp http = new VaultHttp(settings.address(), settings.namespace(), tls, settings.connectTimeout(), settings.requestTimeout());
        this.tokens = new TokenManager(http, method, clock);
        VaultClient client = new VaultClient(http, tokens);
        Kv2 kv = new Kv2(client, settings.kvMount());
        Kv2 metadataKv = settings.metadataMount().equals(settings.kvMount()) ? kv : new Kv2(client, settings.metadataMount());
        Set<String> hidden = settings.metadataMount().equals(settings.kvMount()) ? Set.of(settings.metadataPath().split("/")[0]) : Set.of();
        this.secrets = new KvSecrets(kv, settings.kvPrefix(), hidden, clock);
        this.keys = new TransitKeys(client, settings.transitMount(), metadataKv, settings.metadataPath());
        this.crypto = keys.crypto();
        if (refresh.isZero() || refresh.isNegative()) {
            this.refresher = null;
        } else {
            this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ccl-vault-token-refresh");
                t.setDaemon(true);
                return t;
            });
            refresher.scheduleWithFixedDelay(tokens::refreshIfDue, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
        }
        LOG.info("Vault key store for {} ({}), transit {}, kv {}", settings.address(), method.describe(), settings.transitMount(),
                settings.kvMount());
    }

    private String latestEar() {
        ConfidentialRuntime r = runtime;
        if (r == null) {
            return null;
        }
        return r.status().lastResult().map(AttestationResult::token).orElse(null);
    }

    /** The token holder, for tests and diagnostics. */
    TokenManager tokens() {
        return tokens;
    }

    public VaultSettings settings() {
        return settings;
    }

    /** Stops token refresh and revokes a token the store logged in for. */
    @Deactivate
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (refresher != null) {
            refresher.shutdownNow();
        }
        tokens.close();
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int putSecret(ResourcePath path, SecretBytes value, OptionalInt cas) throws KeyStorageException {
        open();
        return secrets.put(Objects.requireNonNull(path, "path"), Objects.requireNonNull(value, "value"), Objects.requireNonNull(cas, "cas"));
    }

    @Override
    public Optional<Secret> getSecret(ResourcePath path) throws KeyStorageException {
        open();
        return secrets.get(Objects.requireNonNull(path, "path"), OptionalInt.empty());
    }

    @Override
    public Optional<Secret> getSecret(ResourcePath path, int version) throws KeyStorageException {
        open();
        return secrets.get(Objects.requireNonNull(path, "path"), OptionalInt.of(version));
    }

    @Override
    public List<ResourcePath> listSecrets() throws KeyStorageException {
        open();
        return secrets.list();
    }

    @Override
    public boolean deleteSecret(ResourcePath path) throws KeyStorageException {
        open();
        return secrets.deleteAll(Objects.requireNonNull(path, "path"));
    }

    @Override
    public List<SecretVersion> secretVersions(ResourcePath path) throws KeyStorageException {
        open();
        return secrets.versions(Objects.requireNonNull(path, "path"));
    }

    @Override
    public boolean deleteSecretVersion(ResourcePath path, int version) throws KeyStorageException {
        open();
        return secrets.deleteVersion(Objects.requireNonNull(path, "path"), version);
    }

    @Override
    public boolean destroySecretVersion(ResourcePath path, int version) throws KeyStorageException {
        open();
        return secrets.destroyVersion(Objects.requireNonNull(path, "path"), version);
    }

    @Override
    public KeyInfo createKey(String name, KeyAlgorithm algorithm, Set<KeyPurpose> purposes) throws KeyStorageException {
        open();
        return keys.create(name, Objects.requireNonNull(algorithm, "algorithm"), Objects.requireNonNull(purposes, "purposes"));
    }

    @Override
    public Optional<KeyInfo> keyInfo(String name) throws KeyStorageException {
        open();
        return keys.info(name);
    }

    @Override
    public List<KeyInfo> listKeys() throws KeyStorageException {
        open();
        return keys.list();
    }

    @Override
    public KeyInfo rotateKey(String name) throws KeyStorageException {
        open();
        return keys.rotate(name);
    }

    @Override
    public KeyInfo setVersionState(String name, int version, KeyVersionState state) throws KeyStorageException {
        open();
        return keys.setState(name, version, Objects.requireNonNull(state, "state"));
    }

    @Override
    public void deleteKey(String name) throws KeyStorageException {
        open();
        keys.delete(name);
    }

    @Override
    public byte[] encrypt(String name, byte[] plaintext, byte[] aad) throws KeyStorageException {
        open();
        return crypto.encrypt(name, Objects.requireNonNull(plaintext, "plaintext"), aad);
    }

    @Override
    public byte[] decrypt(String name, byte[] ciphertext, byte[] aad) throws KeyStorageException {
        open();
        return crypto.decrypt(name, Objects.requireNonNull(ciphertext, "ciphertext"), aad);
    }

    @Override
    public byte[] rewrap(String name, byte[] ciphertext, byte[] aad) throws KeyStorageException {
        open();
        return crypto.rewrap(name, Objects.requireNonNull(ciphertext, "ciphertext"), aad);
    }

    @Override
    public byte[] wrap(String name, SecretBytes key) throws KeyStorageException {
        open();
        return crypto.wrap(name, Objects.requireNonNull(key, "key"));
    }

    @Override
    public SecretBytes unwrap(String name, byte[] wrapped) throws KeyStorageException {
        open();
        return crypto.unwrap(name, Objects.requireNonNull(wrapped, "wrapped"));
    }

    @Override
    public DataKey generateDataKey(String name) throws KeyStorageException {
        open();
        return crypto.generateDataKey(name);
    }

    @Override
    public KeySignature sign(String name, byte[] data) throws KeyStorageException {
        open();
        return crypto.sign(name, Objects.requireNonNull(data, "data"));
    }

    @Override
    public boolean verify(String name, int version, byte[] data, byte[] signature) throws KeyStorageException {
        open();
        return crypto.verify(name, version, Objects.requireNonNull(data, "data"), Objects.requireNonNull(signature, "signature"));
    }

    @Override
    public byte[] publicKey(String name, int version) throws KeyStorageException {
        open();
        return crypto.publicKey(name, version);
    }

    private void open() throws KeyStorageException {
        if (closed) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "Vault key store is closed");
        }
    }
}
