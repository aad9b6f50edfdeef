package io.ccl.keys.vault.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.vault.http.VaultErrors;
import io.ccl.keys.vault.http.VaultPaths;
import io.ccl.keys.vault.http.VaultHttp;
import io.ccl.keys.vault.http.VaultReply;
import java.util.Objects;

/**
 * JWT auth: {@code POST auth/<mount>/login} with a role and a JWT, typically the runtime's own EAR
 * token, so Vault itself checks the attestation result (signature against the verifier's JWKS,
 * issuer, {@code bound_claims} such as {@code ccl.status=affirming}). The JWT is fetched anew at
 * every login, so each re-login presents the newest attestation.
 */
public final class JwtAuth implements VaultAuth {
    private final String mount;
    private final String role;
    private final CredentialSource jwt;

    public JwtAuth(String mount, String role, CredentialSource jwt) {
        this.mount = VaultPaths.check(mount);
        if (role == null || role.isBlank()) {
            throw new IllegalArgumentException("jwt.role is required for JWT auth");
        }
        this.role = role.strip();
        this.jwt = Objects.requireNonNull(jwt, "jwt");
    }

    @Override
    public Login login(VaultHttp http) throws KeyStorageException {
        ObjectNode body = http.json().createObjectNode();
        body.put("role", role);
        body.put("jwt", jwt.read());
        VaultReply reply = http.send("POST", "auth/" + mount + "/login", body, null);
        if (!reply.ok()) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "JWT login as role " + role + " at auth/" + mount + " refused (HTTP "
                    + reply.status() + ": " + VaultErrors.detail(reply.errors()) + ")");
        }
        return Login.fromAuth(reply.auth(), "JWT login");
    }

    @Override
    public boolean ownsTokens() {
        return true;
    }

    @Override
    public String describe() {
        return "jwt role " + role + " at auth/" + mount;
    }
}
