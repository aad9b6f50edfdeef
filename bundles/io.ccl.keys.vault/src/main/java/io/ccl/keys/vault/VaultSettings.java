package io.ccl.keys.vault;

import io.ccl.keys.vault.http.VaultPaths;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the store talks to Vault (everything except the credentials).
 *
 * @param address {@code https://vault.example:8200}
 * @param namespace {@code X-Vault-Namespace}, empty for none
 * @param caBundle PEM CA bundle to trust; empty: the JDK's CA certificates
 * @param allowInsecureHttp permit an {@code http://} address (development only)
 * @param transitMount mount of the Transit engine holding the keys
 * @param kvMount mount of the KV v2 engine holding the secrets
 * @param kvPrefix folder of the secrets below {@code kvMount}, may be empty
 * @param metadataMount KV v2 mount of CCL's key records
 * @param metadataPath folder of the key records below {@code metadataMount}
 */
public record VaultSettings(URI address, String namespace, Optional<Path> caBundle, boolean allowInsecureHttp, String transitMount,
        String kvMount, String kvPrefix, String metadataMount, String metadataPath, Duration connectTimeout, Duration requestTimeout) {
    public VaultSettings {
        Objects.requireNonNull(address, "address");
        String scheme = address.getScheme();
        if (address.getHost() == null || address.getRawQuery() != null || address.getRawFragment() != null
                || address.getRawUserInfo() != null) {
            throw new IllegalArgumentException("Vault address must be scheme://host[:port], got " + address);
        }
        if (!"https".equals(scheme) && !("http".equals(scheme) && allowInsecureHttp)) {
            throw new IllegalArgumentException("Vault address must be https:// (plain http only with allow.insecure.http=true, for development)");
        }
        if (address.getRawPath() != null && !address.getRawPath().isEmpty() && !address.getRawPath().equals("/")) {
            throw new IllegalArgumentException("Vault address must not have a path (the store adds /v1/)");
        }
        Objects.requireNonNull(namespace, "namespace");
        if (!namespace.isEmpty()) {
            VaultPaths.check(namespace.endsWith("/") ? namespace.substring(0, namespace.length() - 1) : namespace);
        }
        Objects.requireNonNull(caBundle, "caBundle");
        VaultPaths.check(transitMount);
        VaultPaths.check(kvMount);
        kvPrefix = VaultPaths.checkOptional(kvPrefix);
        VaultPaths.check(metadataMount);
        VaultPaths.check(metadataPath);
        if (metadataMount.equals(kvMount) && !kvPrefix.isEmpty()
                && (metadataPath.equals(kvPrefix) || metadataPath.startsWith(kvPrefix + "/") || kvPrefix.startsWith(metadataPath + "/"))) {
            throw new IllegalArgumentException("metadata.path and kv.prefix must not overlap in one mount");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /** Defaults for everything but the address: mounts {@code transit} and {@code secret}, prefix {@code ccl/resources}, records {@code ccl/keys}. */
    public static VaultSettings of(URI address) {
        return new VaultSettings(address, "", Optional.empty(), false, "transit", "secret", "ccl/resources", "secret", "ccl/keys",
                Duration.ofSeconds(5), Duration.ofSeconds(15));
    }

    public VaultSettings withNamespace(String ns) {
        return new VaultSettings(address, ns, caBundle, allowInsecureHttp, transitMount, kvMount, kvPrefix, metadataMount, metadataPath,
                connectTimeout, requestTimeout);
    }

    public VaultSettings withCaBundle(Path pem) {
        return new VaultSettings(address, namespace, Optional.of(pem), allowInsecureHttp, transitMount, kvMount, kvPrefix, metadataMount,
                metadataPath, connectTimeout, requestTimeout);
    }

    public VaultSettings withMounts(String transit, String kv, String prefix, String metaMount, String metaPath) {
        return new VaultSettings(address, namespace, caBundle, allowInsecureHttp, transit, kv, prefix, metaMount, metaPath,
                connectTimeout, requestTimeout);
    }
}
