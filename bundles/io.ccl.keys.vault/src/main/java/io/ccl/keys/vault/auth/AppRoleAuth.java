package io.ccl.keys.vault.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.vault.http.VaultErrors;
import io.ccl.keys.vault.http.VaultPaths;
import io.ccl.keys.vault.http.VaultHttp;
import io.ccl.keys.vault.http.VaultReply;
import java.util.Objects;

/** AppRole: {@code POST auth/<mount>/login} with {@code role_id} and a {@code secret_id} read from a file. */
public final class AppRoleAuth implements VaultAuth {
    private final String mount;
    private final String roleId;
    private final CredentialSource secretId;

    public AppRoleAuth(String mount, String roleId, CredentialSource secretId) {
        this.mount = VaultPaths.check(mount);
        if (roleId == null || roleId.isBlank()) {
            throw new IllegalArgumentException("approle.role.id is required for AppRole auth");
        }
        this.roleId = roleId.strip();
        this.secretId = Objects.requireNonNull(secretId, "secretId");
    }

    @Override
    public Login login(VaultHttp http) throws KeyStorageException {
        ObjectNode body = http.json().createObjectNode();
        body.put("role_id", roleId);
        body.put("secret_id", secretId.read());
        VaultReply reply = http.send("POST", "auth/" + mount + "/login", body, null);
        if (!reply.ok()) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "AppRole login at auth/" + mount + " refused (HTTP " + reply.status()
                    + ": " + VaultErrors.detail(reply.errors()) + ")");
        }
        return Login.fromAuth(reply.auth(), "AppRole login");
    }

    @Override
    public boolean ownsTokens() {
        return true;
    }

    @Override
    public String describe() {
        return "approle at auth/" + mount;
    }
}
