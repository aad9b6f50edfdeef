package io.ccl.keys.vault.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.vault.http.VaultToken;
import java.time.Duration;
import java.util.Objects;

/**
 * A token and its lease as Vault reported them.
 *
 * @param token the client token
 * @param ttl remaining lifetime; {@link Duration#ZERO} for a token that never expires (root)
 * @param renewable whether {@code auth/token/renew-self} may extend it
 */
public record Login(VaultToken token, Duration ttl, boolean renewable) {
    public Login {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(ttl, "ttl");
    }

    /** Reads the {@code auth} member of a login or renew-self reply. */
    static Login fromAuth(JsonNode auth, String what) throws KeyStorageException {
        JsonNode token = auth.path("client_token");
        if (!token.isTextual() || token.asText().isBlank()) {
            throw new KeyStorageException(Reason.UNAVAILABLE, what + ": Vault returned no client token");
        }
        try {
            return new Login(VaultToken.of(token.asText()), Duration.ofSeconds(Math.max(0, auth.path("lease_duration").asLong())),
                    auth.path("renewable").asBoolean(false));
        } catch (IllegalArgumentException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, what + ": Vault returned a malformed client token");
        }
    }

    @Override
    public String toString() {
        return "Login[token redacted, ttl=" + ttl + ", renewable=" + renewable + "]";
    }
}
