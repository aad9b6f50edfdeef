package io.ccl.tee.cca.token;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed access to a CBOR claims map whose integer keys appear as decimal field names. Every
 * accessor checks the CBOR major type and, where the specification fixes it, the size.
 */
public final class Claims {
    private final JsonNode map;
    private final String what;

    public Claims(JsonNode map, String what) throws TokenFormatException {
        if (map == null || !map.isObject()) {
            throw new TokenFormatException(what + " is not a CBOR map");
        }
        this.map = map;
        this.what = what;
    }

    public boolean has(int key) {
        return map.has(Integer.toString(key));
    }

    /** A mandatory claim. */
    public JsonNode node(int key) throws TokenFormatException {
        JsonNode n = map.get(Integer.toString(key));
        if (n == null) {
            throw new TokenFormatException(what + " lacks mandatory claim " + key);
        }
        return n;
    }

    /** A mandatory byte string whose length is one of {@code sizes} (any length when none given). */
    public byte[] bytes(int key, int... sizes) throws TokenFormatException {
        return sized(binary(node(key), what + " claim " + key), what + " claim " + key, sizes);
    }

    /** A mandatory text string. */
    public String text(int key) throws TokenFormatException {
        JsonNode n = node(key);
        if (!n.isTextual()) {
            throw new TokenFormatException(what + " claim " + key + " is not a text string");
        }
        return n.textValue();
    }

    /** An optional text string, null when absent. */
    public String optionalText(int key) throws TokenFormatException {
        return has(key) ? text(key) : null;
    }

    /** A mandatory unsigned integer that fits a long. */
    public long unsigned(int key) throws TokenFormatException {
        JsonNode n = node(key);
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
            throw new TokenFormatException(what + " claim " + key + " is not an unsigned integer");
        }
        return n.longValue();
    }

    /** A mandatory array. */
    public List<JsonNode> array(int key) throws TokenFormatException {
        JsonNode n = node(key);
        if (!n.isArray()) {
            throw new TokenFormatException(what + " claim " + key + " is not an array");
        }
        List<JsonNode> out = new ArrayList<>();
        n.forEach(out::add);
        return out;
    }

    /** The bytes of a CBOR byte string node. */
    public static byte[] binary(JsonNode n, String what) throws TokenFormatException {
        if (n == null || !n.isBinary()) {
            throw new TokenFormatException(what + " is not a byte string");
        }
        try {
            return n.binaryValue();
        } catch (IOException e) {
            throw new TokenFormatException(what + " is not a byte string", e);
        }
    }

    /** Checks the length of {@code value} against the allowed sizes. */
    public static byte[] sized(byte[] value, String what, int... sizes) throws TokenFormatException {
        if (sizes.length == 0) {
            return value;
        }
        for (int s : sizes) {
            if (value.length == s) {
                return value;
            }
        }
        throw new TokenFormatException(what + " is " + value.length + " bytes, expected " + java.util.Arrays.toString(sizes));
    }
}
