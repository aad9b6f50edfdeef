package io.ccl.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.erdtman.jcs.JsonCanonicalizer;

/** RFC 8785 JSON Canonicalization Scheme, through the reference implementation. */
public final class Jcs {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Jcs() {
    }

    /**
     * The canonical UTF-8 bytes of a JSON value (maps, lists, strings, numbers, booleans, null).
     *
     * @throws CryptoException with {@code MALFORMED} when the value is not representable as JSON
     */
    public static byte[] canonicalize(Object jsonValue) throws CryptoException {
        try {
            return canonicalizeJson(MAPPER.writeValueAsString(jsonValue));
        } catch (JsonProcessingException e) {
            throw new CryptoException(CryptoException.Reason.MALFORMED, "value is not JSON: " + e.getOriginalMessage());
        }
    }

    /** The canonical UTF-8 bytes of JSON text. */
    public static byte[] canonicalizeJson(String json) throws CryptoException {
        try {
            return new JsonCanonicalizer(json).getEncodedString().getBytes(StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new CryptoException(CryptoException.Reason.MALFORMED, "JSON cannot be canonicalized");
        }
    }
}
