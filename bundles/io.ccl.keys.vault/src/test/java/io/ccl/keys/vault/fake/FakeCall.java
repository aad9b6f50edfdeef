package io.ccl.keys.vault.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Map;

/**
 * One request as an engine sees it.
 *
 * @param op the logical operation (Vault's create/read/update/delete/list)
 * @param path namespace-relative path below {@code /v1/}
 * @param query query parameters
 * @param body the JSON body, or a missing node
 * @param token the caller's token (null on login endpoints)
 */
record FakeCall(Op op, String path, Map<String, String> query, JsonNode body, FakeToken token) {
    /** Vault's logical operations; POST and PUT become CREATE or UPDATE by an existence check. */
    enum Op {
        READ("read"), LIST("list"), CREATE("create"), UPDATE("update"), DELETE("delete");

        final String capability;

        Op(String capability) {
            this.capability = capability;
        }
    }

    FakeCall {
        body = body == null ? MissingNode.getInstance() : body;
    }

    String text(String field) {
        JsonNode n = body.path(field);
        return n.isValueNode() ? n.asText() : "";
    }

    int integer(String field, int dflt) {
        JsonNode n = body.path(field);
        if (n.isMissingNode() || n.isNull()) {
            return dflt;
        }
        if (n.isTextual()) {
            try {
                return Integer.parseInt(n.asText().strip());
            } catch (NumberFormatException e) {
                throw FakeError.badRequest("error converting input " + n.asText() + " for field \"" + field + "\"");
            }
        }
        return n.asInt();
    }
}
