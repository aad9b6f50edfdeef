package io.ccl.keys.vault;

import io.ccl.keys.vault.auth.AppRoleAuth;
import io.ccl.keys.vault.auth.CredentialSource;
import io.ccl.keys.vault.auth.JwtAuth;
import io.ccl.keys.vault.auth.TokenAuth;
import io.ccl.keys.vault.auth.VaultAuth;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Turns the component configuration into settings and an auth method. */
final class VaultConfigs {
    private VaultConfigs() {
    }

    static VaultSettings settings(VaultKeyStorage.Config c) {
        if (c.address() == null || c.address().isBlank()) {
            throw new IllegalArgumentException("address is required");
        }
        String metadataMount = c.metadata_mount().isBlank() ? c.kv_mount() : c.metadata_mount();
        return new VaultSettings(URI.create(c.address().strip()), c.namespace().strip(),
                c.ca_file().isBlank() ? Optional.empty() : Optional.of(Path.of(c.ca_file().strip())), c.allow_insecure_http(),
                c.transit_mount(), c.kv_mount(), c.kv_prefix(), metadataMount, c.metadata_path(),
                Duration.ofSeconds(c.connect_timeout_seconds()), Duration.ofSeconds(c.request_timeout_seconds()));
    }

    static VaultAuth auth(VaultKeyStorage.Config c, Supplier<String> ear) {
        switch (c.auth_method().strip()) {
            case "token":
                return new TokenAuth(c.token_file().isBlank() ? CredentialSource.env(c.token_env())
                        : CredentialSource.file(Path.of(c.token_file().strip())));
            case "approle":
                if (c.approle_secret_id_file().isBlank()) {
                    throw new IllegalArgumentException("approle.secret.id.file is required for AppRole auth");
                }
                return new AppRoleAuth(c.approle_mount(), c.approle_role_id(), CredentialSource.file(Path.of(c.approle_secret_id_file().strip())));
            case "jwt":
                return new JwtAuth(c.jwt_mount(), c.jwt_role(), c.jwt_file().isBlank()
                        ? CredentialSource.supplier(ear, "the runtime's EAR token")
                        : CredentialSource.file(Path.of(c.jwt_file().strip())));
            default:
                throw new IllegalArgumentException("auth.method must be token, approle or jwt");
        }
    }
}
