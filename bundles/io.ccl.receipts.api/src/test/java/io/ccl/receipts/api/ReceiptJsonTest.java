package io.ccl.receipts.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccl.crypto.SigningKey;
import io.ccl.receipts.api.ReceiptException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ReceiptJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SigningKey key = SigningKey.generate();

    private Receipt receipt(String ear) {
        List<byte[]> leaves = new ArrayList<>();
        List<LogEntry> entries = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            LogEntry e = LogEntry.of(i, Instant.ofEpochMilli(1000 + i), NewEntry.of("audit", Map.of("n", i, "s", "ü\"x")));
            entries.add(e);
            leaves.add(e.leafData());
        }
        RfcReference tree = new RfcReference(leaves);
        TreeHead head = new TreeHead("0f".repeat(32), 6, tree.mth(0, 6), Instant.ofEpochMilli(5000));
        SignedTreeHead sth = new SignedTreeHead(head, new TreeHeadSignature(key.kid(), key.sign(head.signedMessage(key.kid())), ear));
        return new Receipt(entries.get(4), new InclusionProof(4, 6, tree.path(4, 6)), sth);
    }

    @Test
    void receiptsRoundTrip() throws Exception {
        for (String ear : new String[] {"eyJ.eyJ.sig", null}) {
            Receipt r = receipt(ear);
            Receipt back = ReceiptJson.readReceipt(ReceiptJson.write(r));
            assertEquals(r, back);
            assertEquals(ear, back.ear());
        }
    }

    @Test
    void partsRoundTrip() throws Exception {
        Receipt r = receipt("t");
        assertEquals(r.entry(), ReceiptJson.readEntry(ReceiptJson.write(r.entry())));
        assertEquals(r.inclusionProof(), ReceiptJson.readInclusionProof(ReceiptJson.write(r.inclusionProof())));
        assertEquals(r.treeHead(), ReceiptJson.readSignedTreeHead(ReceiptJson.write(r.treeHead())));
        ConsistencyProof c = new ConsistencyProof(2, 6, r.inclusionProof().path());
        assertEquals(c, ReceiptJson.readConsistencyProof(ReceiptJson.write(c)));
    }

    @Test
    void writtenFormIsTheDocumentedOne() throws Exception {
        JsonNode n = MAPPER.readTree(ReceiptJson.write(receipt("t")));
        assertEquals("ccl-receipt-v1", n.get("format").asText());
        assertEquals(4, n.get("entry").get("index").asLong());
        assertEquals(1004, n.get("entry").get("time").asLong());
        assertEquals("ü\"x", n.get("entry").get("content").get("s").asText());
        assertEquals(64, n.get("inclusion_proof").get("path").get(0).asText().length());
        assertEquals(86, n.get("tree_head").get("signature").asText().length(), "64 bytes, base64url without padding");
        assertEquals("t", n.get("tree_head").get("ear").asText());
    }

    @Test
    void strictReading() throws Exception {
        byte[] good = ReceiptJson.write(receipt("t"));
        List<Consumer<ObjectNode>> edits = List.of(
                n -> n.put("extra", 1),
                n -> n.remove("format"),
                n -> n.put("format", "ccl-receipt-v2"),
                n -> ((ObjectNode) n.get("entry")).remove("time"),
                n -> ((ObjectNode) n.get("entry")).put("time", 1.5),
                n -> ((ObjectNode) n.get("entry")).put("index", -1),
                n -> ((ObjectNode) n.get("entry")).put("index", "4"),
                n -> ((ObjectNode) n.get("entry")).putArray("content"),
                n -> ((ObjectNode) n.get("entry")).put("type", "Bad Type"),
                n -> ((ObjectNode) n.get("inclusion_proof")).putArray("path").add("00"),
                n -> ((ObjectNode) n.get("inclusion_proof")).putArray("path").add("AB".repeat(32)),
                n -> ((ObjectNode) n.get("tree_head")).put("root_hash", "xyz"),
                n -> ((ObjectNode) n.get("tree_head")).put("signature", "AAAA"),
                n -> ((ObjectNode) n.get("tree_head")).put("signature", "a+b/"),
                n -> ((ObjectNode) n.get("tree_head")).put("log_id", "short"),
                n -> ((ObjectNode) n.get("tree_head")).remove("key_id"),
                n -> ((ObjectNode) n.get("tree_head")).put("ear", 5),
                n -> ((ObjectNode) n.get("tree_head")).put("unknown", "x"));
        for (Consumer<ObjectNode> edit : edits) {
            ObjectNode n = (ObjectNode) MAPPER.readTree(good);
            edit.accept(n);
            byte[] bad = MAPPER.writeValueAsBytes(n);
            ReceiptException e = assertThrows(ReceiptException.class, () -> ReceiptJson.readReceipt(bad), n.toString());
            assertEquals(Reason.MALFORMED, e.reason());
        }
        for (String bad : List.of("", "[]", "{", "null", new String(good, StandardCharsets.UTF_8) + "x",
                new String(good, StandardCharsets.UTF_8).replaceFirst("\\{", "{\"format\":\"ccl-receipt-v1\","))) {
            assertEquals(Reason.MALFORMED, assertThrows(ReceiptException.class,
                    () -> ReceiptJson.readReceipt(bad.getBytes(StandardCharsets.UTF_8))).reason(), bad);
        }
    }

    @Test
    void earIsOptional() throws Exception {
        ObjectNode n = (ObjectNode) MAPPER.readTree(ReceiptJson.write(receipt("t")));
        ((ObjectNode) n.get("tree_head")).remove("ear");
        assertNull(ReceiptJson.readReceipt(MAPPER.writeValueAsBytes(n)).ear());
    }
}
