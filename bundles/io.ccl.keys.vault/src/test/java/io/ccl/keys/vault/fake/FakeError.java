package io.ccl.keys.vault.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A Vault error reply: status and {@code {"errors": [...]}}, or a 404 carrying a body (KV v2 deleted versions). */
final class FakeError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final transient List<String> errors;
    final transient ObjectNode body;

    FakeError(int status, String... errors) {
        super(status + " " + String.join("; ", errors), null, false, false);
        this.status = status;
        this.errors = List.of(errors);
        this.body = null;
    }

    FakeError(int status, ObjectNode body) {
        super(String.valueOf(status), null, false, false);
        this.status = status;
        this.errors = List.of();
        this.body = body;
    }

    static FakeError badRequest(String message) {
        return new FakeError(400, message);
    }

    static FakeError permissionDenied() {
        return new FakeError(403, "permission denied");
    }

    /** Vault's bare 404 for a read of nothing: {@code {"errors": []}}. */
    static FakeError notFound() {
        return new FakeError(404);
    }
}
