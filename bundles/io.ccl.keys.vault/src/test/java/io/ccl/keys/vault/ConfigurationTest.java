package io.ccl.keys.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.keys.vault.auth.AppRoleAuth;
import io.ccl.keys.vault.auth.JwtAuth;
import io.ccl.keys.vault.auth.TokenAuth;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigurationTest {
    @Test
    void defaultsPointAtTheUsualMounts() {
        VaultSettings s = VaultConfigs.settings(Configs.config(Map.of("address", "https://vault.example:8200")));
        assertEquals("transit", s.transitMount());
        assertEquals("secret", s.kvMount());
        assertEquals("ccl/resources", s.kvPrefix());
        assertEquals("secret", s.metadataMount(), "records default to the KV mount");
        assertEquals("ccl/keys", s.metadataPath());
        assertEquals(Optional.empty(), s.caBundle());
        assertEquals("", s.namespace());
    }

    @Test
    void authMethodsAreChosenByConfiguration() {
        assertTrue(VaultConfigs.auth(Configs.config(Map.of("address", "x")), () -> null) instanceof TokenAuth);
        assertTrue(VaultConfigs.auth(Configs.config(Map.of("address", "x", "auth_method", "approle", "approle_role_id", "r",
                "approle_secret_id_file", "/run/secrets/sid")), () -> null) instanceof AppRoleAuth);
        assertTrue(VaultConfigs.auth(Configs.config(Map.of("address", "x", "auth_method", "jwt", "jwt_role", "ccl-runtime")),
                () -> null) instanceof JwtAuth);
        assertThrows(IllegalArgumentException.class, () -> VaultConfigs.auth(Configs.config(Map.of("auth_method", "approle",
                "approle_role_id", "r")), () -> null), "a secret_id file is required");
        assertThrows(IllegalArgumentException.class, () -> VaultConfigs.auth(Configs.config(Map.of("auth_method", "jwt")), () -> null),
                "a role is required");
        assertThrows(IllegalArgumentException.class, () -> VaultConfigs.auth(Configs.config(Map.of("auth_method", "userpass")), () -> null));
    }

    @Test
    void mountsAndPrefixesCannotEscape() {
        for (String bad : new String[] {"../sys", "a//b", "/transit", "transit/", "a/./b", "x.", "sys mounts"}) {
            assertThrows(IllegalArgumentException.class, () -> VaultConfigs.settings(Configs.config(Map.of("address", "https://v",
                    "transit_mount", bad))), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> VaultConfigs.settings(Configs.config(Map.of("address", "https://v",
                "kv_prefix", "ccl", "metadata_path", "ccl/keys"))), "records inside the secrets folder would be listed as secrets");
        VaultSettings rootPrefix = VaultConfigs.settings(Configs.config(Map.of("address", "https://v", "kv_prefix", "")));
        assertEquals("", rootPrefix.kvPrefix());
    }
}
