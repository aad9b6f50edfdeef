package io.ccl.keys.vault.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One Vault HTTP response: the status and the parsed JSON body ({@link MissingNode} when the body
 * was empty, as for 204, or not JSON).
 */
public record VaultReply(int status, JsonNode body) {
    public VaultReply {
        body = body == null ? MissingNode.getInstance() : body;
    }

    /** 200 and 204 (any 2xx) are success. */
    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The {@code data} member, or a missing node. */
    public JsonNode data() {
        return body.path("data");
    }

    /** The {@code auth} member of a login or renewal, or a missing node. */
    public JsonNode auth() {
        return body.path("auth");
    }

    /** Vault's {@code {"errors": [...]}} messages; empty when there are none. */
    public List<String> errors() {
        List<String> out = new ArrayList<>();
        for (JsonNode e : body.path("errors")) {
            if (e.isTextual()) {
                out.add(e.asText());
            }
        }
        return out;
    }
}
