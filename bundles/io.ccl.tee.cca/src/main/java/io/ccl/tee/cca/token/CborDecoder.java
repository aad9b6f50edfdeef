package io.ccl.tee.cca.token;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.io.IOException;

/**
 * Decodes one CBOR data item (RFC 8949) with Jackson's CBOR format into a tree, keeping the tag of
 * the outermost item. Bounded: the input is a byte array of limited size, nesting and string
 * lengths are capped by {@link StreamReadConstraints}, duplicate map keys are refused (RFC 8949
 * §5.6: a token with duplicate claims is not valid), and trailing bytes after the item are refused.
 * Integer map keys appear in the tree as their decimal text ({@code 44234}, {@code -1}).
 */
public final class CborDecoder {
    /** Largest CCA token accepted; real tokens are a few KiB. */
    public static final int MAX_INPUT = 64 * 1024;

    private static final CBORMapper MAPPER = CBORMapper.builder(CBORFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16)
                            .maxStringLength(MAX_INPUT).maxDocumentLength(MAX_INPUT).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .build();

    /** One decoded item and the CBOR tag that preceded it (-1 when untagged). */
    public record Item(int tag, JsonNode node) {
    }

    private CborDecoder() {
    }

    /**
     * Decodes exactly one data item filling {@code bytes}.
     *
     * @throws TokenFormatException when the bytes are not exactly one well-formed item
     */
    public static Item decode(byte[] bytes, String what) throws TokenFormatException {
        if (bytes == null || bytes.length == 0) {
            throw new TokenFormatException(what + " is empty");
        }
        if (bytes.length > MAX_INPUT) {
            throw new TokenFormatException(what + " is " + bytes.length + " bytes, at most " + MAX_INPUT);
        }
        try (JsonParser p = MAPPER.getFactory().createParser(bytes)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new TokenFormatException(what + " holds no CBOR item");
            }
            int tag = ((CBORParser) p).getCurrentTag();
            JsonNode node = MAPPER.readTree(p);
            if (node == null || p.nextToken() != null) {
                throw new TokenFormatException(what + " has bytes after its CBOR item");
            }
            return new Item(tag, node);
        } catch (IOException | RuntimeException e) {
            // Jackson reports bad CBOR, excessive lengths and duplicate keys as IOExceptions; a
            // RuntimeException from a hostile input is treated the same way (fail closed, typed).
            throw new TokenFormatException(what + " is not well-formed CBOR: " + e.getClass().getSimpleName(), e);
        }
    }
}
