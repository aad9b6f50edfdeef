package io.ccl.keys.vault.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A secrets engine mounted at a path. */
interface FakeEngine {
    /**
     * Handles a request below the mount.
     *
     * @param sub the path below the mount, without leading slash
     * @return the full response body, or null for 204
     */
    ObjectNode handle(FakeCall call, String sub);

    /** Vault's existence check: true makes a POST/PUT an update, false a create. */
    boolean exists(String sub);
}
