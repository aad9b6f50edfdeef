package io.ccl.keys.vault.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

class VaultErrorsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static VaultReply reply(int status, String... errors) {
        var body = JSON.createObjectNode();
        var array = body.putArray("errors");
        for (String e : errors) {
            array.add(e);
        }
        return new VaultReply(status, body);
    }

    static Reason reason(int status, String... errors) {
        return VaultErrors.map("test", reply(status, errors)).reason();
    }

    @Test
    void badRequestsAreClassifiedByVaultsMessage() {
        assertEquals(Reason.CAS_MISMATCH, reason(400, "check-and-set parameter did not match the current version"));
        assertEquals(Reason.INVALID_ARGUMENT, reason(400, "check-and-set parameter required for this call"));
        assertEquals(Reason.KEY_UNUSABLE, reason(400, "ciphertext or signature version is disallowed by policy (too old)"));
        assertEquals(Reason.KEY_UNUSABLE, reason(400, "refusing to use soft-deleted key"));
        assertEquals(Reason.INTEGRITY, reason(400, "cipher: message authentication failed"));
        assertEquals(Reason.INTEGRITY, reason(400, "invalid ciphertext: version is too new"));
        assertEquals(Reason.INTEGRITY, reason(400, "invalid ciphertext: could not decode base64"));
        assertEquals(Reason.INTEGRITY, reason(400, "supplied signature is invalid"));
        assertEquals(Reason.NOT_FOUND, reason(400, "encryption key not found"));
        assertEquals(Reason.NOT_FOUND, reason(400, "no existing key named orders could be found"));
        assertEquals(Reason.NOT_PERMITTED, reason(400, "key type aes256-gcm96 does not support signing"));
        assertEquals(Reason.NOT_PERMITTED, reason(400, "error deleting policy orders: deletion is not allowed for this key"));
        assertEquals(Reason.INVALID_ARGUMENT, reason(400, "cannot set min decryption version of 5, latest key version is 2"));
        assertEquals(Reason.INVALID_ARGUMENT, reason(400));
    }

    @Test
    void statusesMapToReasons() {
        assertEquals(Reason.NOT_PERMITTED, reason(403, "permission denied"));
        assertEquals(Reason.NOT_FOUND, reason(404));
        assertEquals(Reason.INVALID_ARGUMENT, reason(405, "unsupported operation"));
        assertEquals(Reason.UNAVAILABLE, reason(412, "missing 'X-Vault-Request' header"));
        assertEquals(Reason.UNAVAILABLE, reason(429, "rate limit quota exceeded"));
        assertEquals(Reason.UNAVAILABLE, reason(500, "1 error occurred:\n\t* internal error\n\n"));
        assertEquals(Reason.UNAVAILABLE, reason(503, "Vault is sealed"));
        assertEquals(Reason.UNAVAILABLE, VaultErrors.map("x", new VaultReply(502, MissingNode.getInstance())).reason(),
                "a proxy's HTML error page has no JSON errors");
    }

    @Test
    void messagesKeepVaultsWordsButNoControlCharactersAndStayShort() {
        KeyStorageException e = VaultErrors.map("encryption with transit key orders",
                reply(500, "1 error occurred:\n\t* storage down\n\n", "x".repeat(1000)));
        assertTrue(e.getMessage().startsWith("Vault refused encryption with transit key orders (HTTP 500: 1 error occurred:"), e.getMessage());
        assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\t"));
        assertTrue(e.getMessage().length() < 400);
    }

    @Test
    void repliesReadErrorsDataAndAuth() throws Exception {
        VaultReply r = new VaultReply(200, JSON.readTree("{\"data\":{\"a\":1},\"auth\":{\"client_token\":\"t\"},\"errors\":[\"e\", 3]}"));
        assertTrue(r.ok());
        assertEquals(1, r.data().path("a").asInt());
        assertEquals("t", r.auth().path("client_token").asText());
        assertEquals(List.of("e"), r.errors());
        assertTrue(new VaultReply(204, null).ok());
        assertTrue(new VaultReply(204, null).errors().isEmpty());
        assertFalse(new VaultReply(404, null).ok());
    }

    @Test
    void tokensNeverPrint() {
        VaultToken t = VaultToken.of("hvs.CAESIJ-secret-token");
        assertFalse(t.toString().contains("secret"));
        assertTrue(t.sameAs(VaultToken.of(" hvs.CAESIJ-secret-token\n")));
        assertFalse(t.sameAs(VaultToken.of("hvs.other")));
        IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> VaultToken.of("has space secret"));
        assertFalse(bad.getMessage().contains("secret"));
    }
}
