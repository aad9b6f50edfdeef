package io.ccl.receipts.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccl.crypto.CryptoException;
import io.ccl.crypto.Jcs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * RFC 8785 (JCS) forms used by the log: entry content and Merkle leaf data. Package-private: the
 * formats are documented on {@link LogEntry} and in the bundle README.
 */
final class CanonicalJson {
    /** Strict parsing: a duplicated member is an error, never "last one wins". */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private CanonicalJson() {
    }

    /** The JCS bytes of a JSON object given as UTF-8 text; IllegalArgumentException when it is not one. */
    static byte[] canonicalObject(byte[] json) {
        JsonNode node = parse(json);
        if (!node.isObject()) {
            throw new IllegalArgumentException("entry content must be a JSON object");
        }
        return canonicalize(node);
    }

    /** The JCS bytes of a JSON value (maps, lists, strings, numbers, booleans, null). */
    static byte[] canonicalize(Object value) {
        try {
            return Jcs.canonicalize(value);
        } catch (CryptoException e) {
            throw new IllegalArgumentException("value is not representable as canonical JSON", e);
        }
    }

    /** Leaf data: {@code JCS({"content": <content>, "time": <epoch ms>, "type": <type>})}. */
    static byte[] leafData(Instant time, String type, byte[] content) {
        ObjectNode leaf = MAPPER.createObjectNode();
        leaf.set("content", parse(content));
        leaf.put("time", time.toEpochMilli());
        leaf.put("type", type);
        return canonicalize(leaf);
    }

    static JsonNode parse(byte[] json) {
        try {
            return MAPPER.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
    }
}
