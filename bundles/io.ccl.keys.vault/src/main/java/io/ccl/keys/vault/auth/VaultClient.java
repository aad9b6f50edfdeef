package io.ccl.keys.vault.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.vault.http.VaultErrors;
import io.ccl.keys.vault.http.VaultHttp;
import io.ccl.keys.vault.http.VaultReply;
import io.ccl.keys.vault.http.VaultToken;
import java.util.Objects;

/**
 * Authenticated Vault calls. A 403 may mean that the token was revoked or expired early, so the
 * client logs in once afresh and repeats the request; a second 403 is a policy denial and maps to
 * {@code NOT_PERMITTED}.
 */
public final class VaultClient {
    private final VaultHttp http;
    private final TokenManager tokens;

    public VaultClient(VaultHttp http, TokenManager tokens) {
        this.http = Objects.requireNonNull(http, "http");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    public ObjectMapper json() {
        return http.json();
    }

    /** A new empty JSON object for a request body. */
    public ObjectNode object() {
        return http.json().createObjectNode();
    }

    /** Sends a request with the store's token; the reply is returned whatever its status. */
    public VaultReply call(String method, String path, JsonNode body) throws KeyStorageException {
        VaultToken token = tokens.token();
        VaultReply reply = http.send(method, path, body, token);
        if (reply.status() == 403) {
            tokens.invalidate(token);
            reply = http.send(method, path, body, tokens.token());
        }
        return reply;
    }

    /**
     * Sends a request and requires success (200 or 204).
     *
     * @param what the operation, for the error message
     */
    public VaultReply require(String what, String method, String path, JsonNode body) throws KeyStorageException {
        VaultReply reply = call(method, path, body);
        if (!reply.ok()) {
            throw VaultErrors.map(what, reply);
        }
        return reply;
    }
}
