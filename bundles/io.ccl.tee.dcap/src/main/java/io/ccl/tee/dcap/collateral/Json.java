package io.ccl.tee.dcap.collateral;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Strict reading of Intel's collateral JSON: every accessor fails with IllegalArgumentException. */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private Json() {
    }

    static JsonNode read(byte[] bytes) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getMessage(), e);
        }
    }

    static JsonNode field(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field " + name);
        }
        return v;
    }

    static String text(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field " + name + " is not a string");
        }
        return v.textValue();
    }

    static int integer(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0) {
            throw new IllegalArgumentException("field " + name + " is not a non-negative integer");
        }
        return v.intValue();
    }

    static Instant instant(JsonNode node, String name) {
        try {
            return Instant.parse(text(node, name));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field " + name + " is not an ISO-8601 instant", e);
        }
    }

    static byte[] hex(JsonNode node, String name, int size) {
        String s = text(node, name);
        try {
            byte[] b = HexFormat.of().parseHex(s);
            if (b.length != size) {
                throw new IllegalArgumentException("field " + name + " must be " + size + " bytes");
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field " + name + " is not " + size + " bytes of hex", e);
        }
    }

    static List<JsonNode> array(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (!v.isArray()) {
            throw new IllegalArgumentException("field " + name + " is not an array");
        }
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    static List<String> strings(JsonNode node, String name) {
        if (!node.has(name)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : array(node, name)) {
            if (!n.isTextual()) {
                throw new IllegalArgumentException("field " + name + " must hold strings");
            }
            out.add(n.textValue());
        }
        return List.copyOf(out);
    }
}
