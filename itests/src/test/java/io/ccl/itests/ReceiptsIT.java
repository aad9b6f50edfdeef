package io.ccl.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.receipts.api.AttestedReceiptVerifier;
import io.ccl.receipts.api.ConsistencyProof;
import io.ccl.receipts.api.LogEntry;
import io.ccl.receipts.api.Receipt;
import io.ccl.receipts.api.ReceiptException;
import io.ccl.receipts.api.ReceiptJson;
import io.ccl.receipts.api.ReceiptVerifier;
import io.ccl.receipts.api.SignedTreeHead;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Receipts on the dev runtime over real HTTP: an administrator's action becomes a log entry whose
 * receipt verifies offline against nothing but the attestation service's JWKS (the EAR in the
 * signed tree head vouches for the runtime's signing key), a modified receipt does not, and two
 * tree heads taken before and after more activity are consistent.
 */
class ReceiptsIT {
    static FelixRuntime runtime;
    static Http http;
    static String token;

    @BeforeAll
    static void boot() throws Exception {
        Path home = Path.of(System.getProperty("ccl.it.home"));
        runtime = FelixRuntime.startHealthy(home);
        http = new Http(runtime.baseUrl());
        token = Files.readString(home.resolve("data/admin.token")).trim();
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
    }

    static byte[] bytes(Http.Response r) {
        assertEquals(200, r.status(), r.body());
        return r.body().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anAdminActionHasAReceiptThatVerifiesOfflineWithTheVerifiersKeysOnly() throws Exception {
        SignedTreeHead before = ReceiptJson.readSignedTreeHead(bytes(http.get("/api/v1/log/tree-head")));
        String name = "receipt-" + System.nanoTime();
        Http.Response created = http.send("POST", "/api/v1/keys", Map.of("name", name, "algorithm", "EC_P256",
                "purposes", List.of("SIGN", "VERIFY")), "Authorization", "Bearer " + token);
        assertEquals(201, created.status(), created.body());

        SignedTreeHead after = ReceiptJson.readSignedTreeHead(bytes(http.get("/api/v1/log/tree-head")));
        long index = -1;
        for (long i = after.treeHead().treeSize() - 1; i >= before.treeHead().treeSize() && index < 0; i--) {
            LogEntry e = ReceiptJson.readEntry(bytes(http.get("/api/v1/log/entries/" + i)));
            String content = new String(e.content(), StandardCharsets.UTF_8);
            if (content.contains("\"action\":\"key.create\"") && content.contains(name)) {
                index = i;
            }
        }
        assertTrue(index >= 0, "the key creation is in the log");
        byte[] json = bytes(http.get("/api/v1/receipts/" + index));
        Receipt receipt = ReceiptJson.readReceipt(json);
        Map<String, Object> jwks = http.get("/.well-known/jwks.json").json();
        AttestedReceiptVerifier verifier = AttestedReceiptVerifier.forJwks(jwks, null, false);
        verifier.verify(receipt, after.treeHead().logId());
        Receipt byId = ReceiptJson.readReceipt(bytes(http.get("/api/v1/receipts/" + receipt.entry().id())));
        assertEquals(index, byId.entry().index(), "the same entry by its id");
        verifier.verify(byId, after.treeHead().logId());

        String tampered = new String(json, StandardCharsets.UTF_8).replace(name, name + "x");
        assertThrows(ReceiptException.class,
                () -> verifier.verify(ReceiptJson.readReceipt(tampered.getBytes(StandardCharsets.UTF_8)), null));

        ConsistencyProof proof = ReceiptJson.readConsistencyProof(bytes(http.get("/api/v1/log/consistency?first="
                + before.treeHead().treeSize() + "&second=" + after.treeHead().treeSize())));
        verifier.verifyTreeHead(before, after.treeHead().logId());
        verifier.verifyTreeHead(after, after.treeHead().logId());
        ReceiptVerifier.verifyConsistency(before.treeHead(), after.treeHead(), proof);
    }

    @Test
    void badLogRequestsGetTypedProblems() throws Exception {
        assertEquals(400, http.get("/api/v1/log/consistency?first=5").status());
        assertEquals(400, http.get("/api/v1/log/consistency?first=x&second=2").status());
        assertEquals(404, http.get("/api/v1/receipts/" + "0".repeat(64)).status());
        assertEquals(400, http.get("/api/v1/receipts/not-an-id").status());
        Http.Response tooBig = http.get("/api/v1/log/consistency?first=1&second=999999999");
        assertTrue(tooBig.status() == 400 || tooBig.status() == 404, tooBig.body());
        assertTrue(tooBig.contentType().startsWith("application/problem+json"));
    }
}
