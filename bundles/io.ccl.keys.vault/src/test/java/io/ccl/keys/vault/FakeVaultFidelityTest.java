package io.ccl.keys.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.vault.http.TlsContexts;
import io.ccl.keys.vault.http.VaultHttp;
import io.ccl.keys.vault.http.VaultReply;
import io.ccl.keys.vault.http.VaultToken;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fake answers as Vault documents it, checked at the HTTP level: status codes, error bodies,
 * the 404-with-metadata of deleted KV versions, capabilities, headers.
 */
class FakeVaultFidelityTest {
    FakeVaultFixture fx;
    VaultHttp http;
    VaultToken root;

    @BeforeEach
    void start() throws Exception {
        fx = new FakeVaultFixture();
        http = new VaultHttp(fx.vault.address(), "", TlsContexts.trusting(fx.caBundle), Duration.ofSeconds(5), Duration.ofSeconds(5));
        root = VaultToken.of(fx.vault.rootToken());
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    ObjectNode json(String text) throws Exception {
        return (ObjectNode) http.json().readTree(text);
    }

    @Test
    void kvV2CasMismatchIsA400WithVaultsMessage() throws Exception {
        assertEquals(200, http.send("POST", "secret/data/a", json("{\"data\":{\"v\":\"1\"},\"options\":{\"cas\":0}}"), root).status());
        VaultReply r = http.send("POST", "secret/data/a", json("{\"data\":{\"v\":\"2\"},\"options\":{\"cas\":0}}"), root);
        assertEquals(400, r.status());
        assertEquals(List.of("check-and-set parameter did not match the current version"), r.errors());
    }

    @Test
    void aDeletedVersionIs404WithItsMetadata() throws Exception {
        http.send("POST", "secret/data/a", json("{\"data\":{\"v\":\"1\"}}"), root);
        assertEquals(204, http.send("POST", "secret/delete/a", json("{\"versions\":[1]}"), root).status());
        VaultReply r = http.send("GET", "secret/data/a?version=1", null, root);
        assertEquals(404, r.status());
        assertTrue(r.data().path("data").isNull());
        assertFalse(r.data().path("metadata").path("deletion_time").asText().isEmpty());
        assertEquals(1, r.data().path("metadata").path("version").asInt());
        assertEquals(404, http.send("GET", "secret/data/a?version=7", null, root).status(), "a version never written");
        assertEquals(List.of(), http.send("GET", "secret/data/none", null, root).errors());
        VaultReply meta = http.send("GET", "secret/metadata/a", null, root);
        assertEquals(1, meta.data().path("current_version").asInt());
        assertEquals(204, http.send("PUT", "secret/destroy/a", json("{\"versions\":[1]}"), root).status());
        assertTrue(http.send("GET", "secret/data/a", null, root).data().path("metadata").path("destroyed").asBoolean());
        assertEquals(204, http.send("DELETE", "secret/metadata/a", null, root).status());
        assertEquals(404, http.send("GET", "secret/metadata/a", null, root).status());
    }

    @Test
    void listingNamesFoldersWithASlashAndIs404WhenEmpty() throws Exception {
        http.send("POST", "secret/data/r/t/x", json("{\"data\":{}}"), root);
        http.send("POST", "secret/data/r/y", json("{\"data\":{}}"), root);
        assertEquals(List.of("t/", "y"), keys(http.send("LIST", "secret/metadata/r/", null, root)));
        assertEquals(List.of("t/", "y"), keys(http.send("GET", "secret/metadata/r/?list=true", null, root)));
        assertEquals(404, http.send("LIST", "secret/metadata/none/", null, root).status());
    }

    @Test
    void transitDeletionNeedsDeletionAllowedAndMinimumsAreChecked() throws Exception {
        assertEquals(200, http.send("POST", "transit/keys/k", json("{\"type\":\"aes256-gcm96\"}"), root).status());
        VaultReply refused = http.send("DELETE", "transit/keys/k", null, root);
        assertEquals(400, refused.status());
        assertTrue(refused.errors().get(0).contains("deletion is not allowed for this key"));
        VaultReply tooHigh = http.send("POST", "transit/keys/k/config", json("{\"min_decryption_version\":2}"), root);
        assertEquals(List.of("cannot set min decryption version of 2, latest key version is 1"), tooHigh.errors());
        assertEquals(200, http.send("POST", "transit/keys/k/config", json("{\"deletion_allowed\":true}"), root).status());
        assertEquals(204, http.send("DELETE", "transit/keys/k", null, root).status());
        assertEquals(404, http.send("GET", "transit/keys/k", null, root).status());
        VaultReply missing = http.send("POST", "transit/decrypt/k", json("{\"ciphertext\":\"vault:v1:AAAA\"}"), root);
        assertEquals(List.of("encryption key not found"), missing.errors());
    }

    @Test
    void encryptUpsertsOnlyWithTheCreateCapability() throws Exception {
        fx.vault.root().policy("update-only", "path \"transit/encrypt/*\" { capabilities = [\"update\"] }");
        fx.vault.root().policy("create", "path \"transit/encrypt/*\" { capabilities = [\"create\", \"update\"] }");
        VaultToken updateOnly = VaultToken.of(fx.vault.root().token(Set.of("update-only"), Duration.ofHours(1), true, Duration.ZERO));
        VaultToken create = VaultToken.of(fx.vault.root().token(Set.of("create"), Duration.ofHours(1), true, Duration.ZERO));
        ObjectNode body = json("{\"plaintext\":\"aGVsbG8=\"}");
        VaultReply denied = http.send("POST", "transit/encrypt/typo", body, updateOnly);
        assertEquals(403, denied.status());
        assertEquals(List.of("permission denied"), denied.errors());
        VaultReply upserted = http.send("POST", "transit/encrypt/typo", body, create);
        assertEquals(200, upserted.status());
        assertTrue(upserted.data().path("ciphertext").asText().startsWith("vault:v1:"));
    }

    @Test
    void everyRequestNeedsXVaultRequestAndAKnownNamespace() throws Exception {
        var client = java.net.http.HttpClient.newBuilder().sslContext(TlsContexts.trusting(fx.caBundle)).build();
        var bare = java.net.http.HttpRequest.newBuilder(fx.vault.address().resolve("/v1/secret/data/a"))
                .header("X-Vault-Token", fx.vault.rootToken()).GET().build();
        assertEquals(412, client.send(bare, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
        VaultHttp elsewhere = new VaultHttp(fx.vault.address(), "nowhere", TlsContexts.trusting(fx.caBundle), Duration.ofSeconds(5),
                Duration.ofSeconds(5));
        assertEquals(404, elsewhere.send("GET", "secret/data/a", null, root).status());
    }

    @Test
    void storeMapsInjectedServerFailuresToUnavailable() throws Exception {
        VaultKeyStorage store = fx.rootStore();
        ResourcePath path = new ResourcePath("r", "t", "x");
        store.getSecret(path);
        fx.vault.failNext(503, "Vault is sealed");
        assertEquals(Reason.UNAVAILABLE, VaultKeysTest.reason(() -> store.getSecret(path)));
        fx.vault.failNext(500, "1 error occurred:\n\t* internal error\n\n");
        assertEquals(Reason.UNAVAILABLE, VaultKeysTest.reason(() -> store.putSecret(path, VaultSecretsTest.secret("v"), OptionalInt.empty())));
        fx.vault.failNext(429, "request path \"secret/data/r/t/x\": rate limit quota exceeded");
        assertEquals(Reason.UNAVAILABLE, VaultKeysTest.reason(() -> store.listSecrets()));
        assertTrue(store.getSecret(path).isEmpty(), "the next request is served again");
        fx.vault.close();
        KeyStorageExceptionAssert.unavailable(() -> store.getSecret(path));
    }

    static List<String> keys(VaultReply r) {
        List<String> out = new java.util.ArrayList<>();
        r.data().path("keys").forEach(k -> out.add(k.asText()));
        return out;
    }
}
