package io.ccl.receipts.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.ccl.receipts.api.ReceiptException.Reason;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of entries, proofs, signed tree heads and receipts, as served by the runtime and
 * read by the CLI. Hashes are lowercase hex, the signature is base64url without padding (as in a
 * JWS), times are epoch milliseconds. Reading is strict: a missing, unknown or duplicated member,
 * or a value of the wrong form, is {@link Reason#MALFORMED}. Reading never verifies anything; use
 * {@link ReceiptVerifier} on the result.
 *
 * <pre>
 * entry:             {"index":5,"time":1763683200000,"type":"audit","content":{...}}
 * inclusion proof:   {"leaf_index":5,"tree_size":8,"path":["&lt;hex&gt;",...]}
 * consistency proof: {"first_size":3,"second_size":8,"path":["&lt;hex&gt;",...]}
 * signed tree head:  {"log_id":"&lt;hex&gt;","tree_size":8,"root_hash":"&lt;hex&gt;","timestamp":1763683200123,
 *                     "key_id":"...","signature":"&lt;base64url r||s&gt;","ear":"&lt;EAR JWS&gt;"}   (ear optional)
 * receipt:           {"format":"ccl-receipt-v1","entry":{...},"inclusion_proof":{...},"tree_head":{...}}
 * </pre>
 */
public final class ReceiptJson {
    /** Value of the receipt's {@code format} member. */
    public static final String RECEIPT_FORMAT = "ccl-receipt-v1";

    private static final HexFormat HEX = HexFormat.of();

    private ReceiptJson() {
    }

    // --- writing --------------------------------------------------------------------------------

    public static byte[] write(Receipt receipt) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", RECEIPT_FORMAT);
        m.put("entry", tree(receipt.entry()));
        m.put("inclusion_proof", tree(receipt.inclusionProof()));
        m.put("tree_head", tree(receipt.treeHead()));
        return bytes(m);
    }

    public static byte[] write(LogEntry entry) {
        return bytes(tree(entry));
    }

    public static byte[] write(InclusionProof proof) {
        return bytes(tree(proof));
    }

    public static byte[] write(ConsistencyProof proof) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("first_size", proof.firstSize());
        m.put("second_size", proof.secondSize());
        m.put("path", hexList(proof.path()));
        return bytes(m);
    }

    public static byte[] write(SignedTreeHead treeHead) {
        return bytes(tree(treeHead));
    }

    private static Map<String, Object> tree(LogEntry entry) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", entry.index());
        m.put("time", entry.time().toEpochMilli());
        m.put("type", entry.type());
        m.put("content", CanonicalJson.parse(entry.content()));
        return m;
    }

    private static Map<String, Object> tree(InclusionProof proof) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("leaf_index", proof.leafIndex());
        m.put("tree_size", proof.treeSize());
        m.put("path", hexList(proof.path()));
        return m;
    }

    private static Map<String, Object> tree(SignedTreeHead sth) {
        TreeHead head = sth.treeHead();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("log_id", head.logId());
        m.put("tree_size", head.treeSize());
        m.put("root_hash", head.rootHashHex());
        m.put("timestamp", head.timestamp().toEpochMilli());
        m.put("key_id", sth.keyId());
        m.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(sth.signature().signature()));
        if (sth.ear() != null) {
            m.put("ear", sth.ear());
        }
        return m;
    }

    private static List<String> hexList(List<byte[]> hashes) {
        List<String> out = new ArrayList<>(hashes.size());
        hashes.forEach(h -> out.add(HEX.formatHex(h)));
        return out;
    }

    private static byte[] bytes(Object tree) {
        try {
            return CanonicalJson.MAPPER.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("receipt parts are always serialisable", e);
        }
    }

    // --- reading --------------------------------------------------------------------------------

    public static Receipt readReceipt(byte[] json) throws ReceiptException {
        JsonNode n = object(parse(json), "receipt", List.of("format", "entry", "inclusion_proof", "tree_head"));
        if (!RECEIPT_FORMAT.equals(text(n, "format"))) {
            throw malformed("receipt format is not " + RECEIPT_FORMAT);
        }
        return new Receipt(entry(n.get("entry")), inclusionProof(n.get("inclusion_proof")), signedTreeHead(n.get("tree_head")));
    }

    public static LogEntry readEntry(byte[] json) throws ReceiptException {
        return entry(parse(json));
    }

    public static InclusionProof readInclusionProof(byte[] json) throws ReceiptException {
        return inclusionProof(parse(json));
    }

    public static ConsistencyProof readConsistencyProof(byte[] json) throws ReceiptException {
        JsonNode n = object(parse(json), "consistency proof", List.of("first_size", "second_size", "path"));
        try {
            return new ConsistencyProof(integer(n, "first_size"), integer(n, "second_size"), hashes(n.get("path")));
        } catch (IllegalArgumentException e) {
            throw malformed("consistency proof: " + e.getMessage());
        }
    }

    public static SignedTreeHead readSignedTreeHead(byte[] json) throws ReceiptException {
        return signedTreeHead(parse(json));
    }

    private static LogEntry entry(JsonNode node) throws ReceiptException {
        JsonNode n = object(node, "entry", List.of("index", "time", "type", "content"));
        JsonNode content = n.get("content");
        if (!content.isObject()) {
            throw malformed("entry content must be a JSON object");
        }
        try {
            return new LogEntry(integer(n, "index"), Instant.ofEpochMilli(integer(n, "time")), text(n, "type"),
                    CanonicalJson.canonicalize(content));
        } catch (IllegalArgumentException e) {
            throw malformed("entry: " + e.getMessage());
        }
    }

    private static InclusionProof inclusionProof(JsonNode node) throws ReceiptException {
        JsonNode n = object(node, "inclusion proof", List.of("leaf_index", "tree_size", "path"));
        try {
            return new InclusionProof(integer(n, "leaf_index"), integer(n, "tree_size"), hashes(n.get("path")));
        } catch (IllegalArgumentException e) {
            throw malformed("inclusion proof: " + e.getMessage());
        }
    }

    private static SignedTreeHead signedTreeHead(JsonNode node) throws ReceiptException {
        JsonNode n = object(node, "signed tree head",
                List.of("log_id", "tree_size", "root_hash", "timestamp", "key_id", "signature"), "ear");
        try {
            TreeHead head = new TreeHead(text(n, "log_id"), integer(n, "tree_size"), hash(n.get("root_hash")),
                    Instant.ofEpochMilli(integer(n, "timestamp")));
            byte[] signature = Base64.getUrlDecoder().decode(strictBase64Url(text(n, "signature")));
            String ear = n.has("ear") ? text(n, "ear") : null;
            return new SignedTreeHead(head, new TreeHeadSignature(text(n, "key_id"), signature, ear));
        } catch (IllegalArgumentException e) {
            throw malformed("signed tree head: " + e.getMessage());
        }
    }

    private static JsonNode parse(byte[] json) throws ReceiptException {
        try {
            return CanonicalJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw malformed("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw malformed("not JSON");
        }
    }

    /** The node as an object with every {@code required} member and no member but those and {@code optional}. */
    private static JsonNode object(JsonNode node, String what, List<String> required, String... optional)
            throws ReceiptException {
        if (node == null || !node.isObject()) {
            throw malformed(what + " must be a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!required.contains(name) && !List.of(optional).contains(name)) {
                throw malformed(what + " has an unknown member " + name);
            }
        }
        for (String m : required) {
            if (!node.has(m)) {
                throw malformed(what + " has no " + m);
            }
        }
        return node;
    }

    private static long integer(JsonNode n, String name) throws ReceiptException {
        JsonNode v = n.get(name);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
            throw malformed(name + " must be a non-negative integer");
        }
        return v.asLong();
    }

    private static String text(JsonNode n, String name) throws ReceiptException {
        JsonNode v = n.get(name);
        if (v == null || !v.isTextual()) {
            throw malformed(name + " must be a string");
        }
        return v.asText();
    }

    private static List<byte[]> hashes(JsonNode array) throws ReceiptException {
        if (array == null || !array.isArray() || array.size() > ProofPath.MAX_HASHES) {
            throw malformed("path must be an array of at most " + ProofPath.MAX_HASHES + " hashes");
        }
        List<byte[]> out = new ArrayList<>(array.size());
        for (JsonNode h : array) {
            out.add(hash(h));
        }
        return out;
    }

    private static byte[] hash(JsonNode node) throws ReceiptException {
        if (node == null || !node.isTextual() || !node.asText().matches("[0-9a-f]{64}")) {
            throw malformed("a hash is 64 lowercase hex digits");
        }
        return HEX.parseHex(node.asText());
    }

    private static String strictBase64Url(String s) {
        if (!s.matches("[A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException("signature must be base64url without padding");
        }
        return s;
    }

    private static ReceiptException malformed(String message) {
        return new ReceiptException(Reason.MALFORMED, message);
    }
}
