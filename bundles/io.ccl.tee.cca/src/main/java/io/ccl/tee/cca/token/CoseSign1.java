package io.ccl.tee.cca.token;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A COSE_Sign1 structure (RFC 9052 §4.2): {@code [protected: bstr .cbor header_map, unprotected:
 * header_map, payload: bstr, signature: bstr]}, optionally tagged 18 (COSE_Sign1_Tagged). The
 * algorithm is read from the protected header only (label 1), as the CCA token profile requires
 * (draft-ffm-rats-cca-token §4.2: "alg" MUST be in the protected header).
 *
 * @param protectedHeader the exact protected header bytes (they are signed)
 * @param alg the COSE algorithm identifier (e.g. -7 ES256, -35 ES384, -36 ES512)
 * @param payload the exact payload bytes (the claims set)
 * @param signature the signature bytes (r || s for ECDSA, RFC 9053 §2.1)
 */
public record CoseSign1(byte[] protectedHeader, int alg, byte[] payload, byte[] signature) {
    /** RFC 9052 §4.2 tag for COSE_Sign1_Tagged. */
    public static final int TAG = 18;

    /** Parses a COSE_Sign1 from its CBOR bytes. */
    public static CoseSign1 parse(byte[] bytes, String what) throws TokenFormatException {
        CborDecoder.Item item = CborDecoder.decode(bytes, what);
        if (item.tag() != -1 && item.tag() != TAG) {
            throw new TokenFormatException(what + " carries CBOR tag " + item.tag() + ", not COSE_Sign1 (18)");
        }
        JsonNode a = item.node();
        if (!a.isArray() || a.size() != 4) {
            throw new TokenFormatException(what + " is not a 4-element COSE_Sign1 array");
        }
        byte[] prot = Claims.binary(a.get(0), what + " protected header");
        if (!a.get(1).isObject()) {
            throw new TokenFormatException(what + " unprotected header is not a map");
        }
        byte[] payload = Claims.binary(a.get(2), what + " payload");
        byte[] signature = Claims.binary(a.get(3), what + " signature");
        JsonNode header = CborDecoder.decode(prot, what + " protected header").node();
        if (!header.isObject()) {
            throw new TokenFormatException(what + " protected header is not a map");
        }
        JsonNode alg = header.get("1");
        if (alg == null || !alg.isIntegralNumber() || !alg.canConvertToInt()) {
            throw new TokenFormatException(what + " protected header has no integer alg (label 1)");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext();) {
            // RFC 9052 §3.1: "crit" (label 2) names headers the recipient must understand; none is supported.
            if ("2".equals(it.next().getKey())) {
                throw new TokenFormatException(what + " protected header has critical headers");
            }
        }
        return new CoseSign1(prot, alg.intValue(), payload, signature);
    }
}
