package io.ccl.tee.nitro.abi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.ccl.attestation.api.MalformedEvidenceException;
import java.io.IOException;

/**
 * Bounded CBOR (RFC 8949) decoding with Jackson: duplicate map keys, trailing bytes and deep nesting
 * are errors. Definite- and indefinite-length maps and arrays both decode (Jackson handles both).
 */
final class Cbor {
    /** Nitro documents nest three levels deep (COSE array, payload map, pcrs/cabundle). */
    private static final int MAX_DEPTH = 8;

    private static final CBORMapper MAPPER = CBORMapper.builder(CBORFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** A decoded item and the CBOR tag in front of it (-1 for none). */
    record Tagged(JsonNode node, int tag) {
    }

    private Cbor() {
    }

    /** Decodes exactly one CBOR item filling {@code bytes}. */
    static Tagged decode(byte[] bytes, String what) throws MalformedEvidenceException {
        try (CBORParser parser = (CBORParser) MAPPER.createParser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new MalformedEvidenceException(what + " is empty");
            }
            int tag = parser.getCurrentTag();
            JsonNode node = MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                throw new MalformedEvidenceException(what + " has trailing bytes after its CBOR item");
            }
            return new Tagged(node, tag);
        } catch (IOException | RuntimeException e) {
            // Jackson reports every malformation (bad major type, truncation, duplicate key, depth) as
            // an IOException; RuntimeExceptions are caught too so hostile bytes never escape undeclared.
            throw new MalformedEvidenceException(what + " is not well-formed CBOR: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Encodes a value tree (definite-length items, RFC 8949 §4.2.1 preferred serialization). */
    static byte[] encode(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("CBOR encoding failed", e);
        }
    }

    static CBORMapper mapper() {
        return MAPPER;
    }
}
