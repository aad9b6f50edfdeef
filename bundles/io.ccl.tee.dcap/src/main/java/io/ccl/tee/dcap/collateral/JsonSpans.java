package io.ccl.tee.dcap.collateral;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The top-level members of a JSON object with the exact bytes of each value, as needed to check Intel's
 * signatures over the inner {@code tcbInfo} / {@code enclaveIdentity} objects without re-serialising them.
 * String members carry their decoded text instead.
 */
final class JsonSpans {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** A member value: the raw bytes of an object, or the text of a string (else both null). */
    record Member(byte[] raw, String text) {
        boolean isObject() {
            return raw != null;
        }

        boolean isText() {
            return text != null;
        }
    }

    private JsonSpans() {
    }

    /**
     * @return the members, or null when the bytes are not one JSON object
     */
    static Map<String, Member> members(byte[] json) {
        Map<String, Member> out = new LinkedHashMap<>();
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_OBJECT) {
                    long start = p.currentTokenLocation().getByteOffset();
                    p.skipChildren();
                    long end = p.currentLocation().getByteOffset();
                    if (start < 0 || end > json.length || end <= start) {
                        return null;
                    }
                    out.put(name, new Member(Arrays.copyOfRange(json, (int) start, (int) end), null));
                } else if (v == JsonToken.VALUE_STRING) {
                    out.put(name, new Member(null, p.getText()));
                } else {
                    p.skipChildren();
                    out.put(name, new Member(null, null));
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
