package io.ccl.keys.vault.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.vault.http.VaultErrors;
import io.ccl.keys.vault.http.VaultHttp;
import io.ccl.keys.vault.http.VaultReply;
import io.ccl.keys.vault.http.VaultToken;
import java.time.Duration;
import java.util.Objects;

/**
 * Token auth: a token made elsewhere (operator, Vault Agent sink file, environment). "Login"
 * re-reads the source and asks {@code auth/token/lookup-self} for its TTL and renewability (the
 * {@code default} policy grants that), so a rewritten token file is picked up on the next login.
 */
public final class TokenAuth implements VaultAuth {
    private final CredentialSource source;

    public TokenAuth(CredentialSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public Login login(VaultHttp http) throws KeyStorageException {
        VaultToken token;
        try {
            token = VaultToken.of(source.read());
        } catch (IllegalArgumentException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "the configured Vault token is malformed");
        }
        VaultReply reply = http.send("GET", "auth/token/lookup-self", null, token);
        if (!reply.ok()) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "Vault rejected the configured token (HTTP " + reply.status()
                    + ": " + VaultErrors.detail(reply.errors()) + ")");
        }
        JsonNode data = reply.data();
        return new Login(token, Duration.ofSeconds(Math.max(0, data.path("ttl").asLong())), data.path("renewable").asBoolean(false));
    }

    @Override
    public boolean ownsTokens() {
        return false;
    }

    @Override
    public String describe() {
        return "token";
    }
}
