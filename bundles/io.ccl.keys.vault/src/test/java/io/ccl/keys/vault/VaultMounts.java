package io.ccl.keys.vault;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.vault.http.VaultErrors;
import io.ccl.keys.vault.http.VaultHttp;
import io.ccl.keys.vault.http.VaultReply;
import io.ccl.keys.vault.http.VaultToken;

/**
 * Enables a Transit and a KV v2 engine ({@code sys/mounts}) for one test and disables them after
 * it, on the fake or on a real server. Disabling a mount deletes everything in it.
 */
final class VaultMounts implements AutoCloseable {
    final String transit;
    final String kv;
    private final VaultHttp http;
    private final VaultToken admin;

    private VaultMounts(VaultHttp http, VaultToken admin, String transit, String kv) {
        this.http = http;
        this.admin = admin;
        this.transit = transit;
        this.kv = kv;
    }

    /** Mounts {@code transit} and {@code kv}, replacing mounts of those names. */
    static VaultMounts replace(VaultHttp http, VaultToken admin, String transit, String kv) throws KeyStorageException {
        VaultMounts m = new VaultMounts(http, admin, transit, kv);
        m.close();
        ObjectNode t = http.json().createObjectNode().put("type", "transit");
        t.put("description", "CCL test keys");
        require(http.send("POST", "sys/mounts/" + transit, t, admin), "enable transit");
        ObjectNode k = http.json().createObjectNode().put("type", "kv");
        k.put("description", "CCL test secrets");
        k.putObject("options").put("version", "2");
        require(http.send("POST", "sys/mounts/" + kv, k, admin), "enable kv");
        m.awaitKv();
        return m;
    }

    /**
     * A fresh KV v2 mount upgrades its storage before it serves requests; wait until its config
     * reads. A bounded wait for set-up, not an assertion on time.
     */
    private void awaitKv() throws KeyStorageException {
        for (int i = 0; i < 100; i++) {
            VaultReply r = http.send("GET", kv + "/config", null, admin);
            if (r.ok()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new KeyStorageException(Reason.UNAVAILABLE, "the KV v2 mount " + kv + " did not become ready");
    }

    @Override
    public void close() throws KeyStorageException {
        require(http.send("DELETE", "sys/mounts/" + transit, null, admin), "disable transit");
        require(http.send("DELETE", "sys/mounts/" + kv, null, admin), "disable kv");
    }

    private static void require(VaultReply reply, String what) throws KeyStorageException {
        if (!reply.ok()) {
            throw VaultErrors.map(what, reply);
        }
    }
}
