package io.ccl.tee.nitro.abi;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.ccl.attestation.api.MalformedEvidenceException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * A COSE_Sign1 message (RFC 9052 §4.2): {@code [protected: bstr, unprotected: map, payload: bstr,
 * signature: bstr]}, optionally behind CBOR tag 18. The Nitro Secure Module emits it untagged.
 *
 * @param protectedHeader the serialized protected header map (the bstr contents, signed as is)
 * @param algorithm the {@code alg} (label 1) of the protected header
 * @param payload the payload bstr contents
 * @param signature the signature bstr contents
 */
public record CoseSign1(byte[] protectedHeader, int algorithm, byte[] payload, byte[] signature) {
    /** CBOR tag of COSE_Sign1 (RFC 9052 §2, Table 1). */
    public static final int TAG = 18;
    /** COSE algorithm ES384: ECDSA with SHA-384 (RFC 9053 §2.1, Table 1). */
    public static final int ES384 = -35;

    /** Parses a COSE_Sign1 message filling {@code bytes}. */
    public static CoseSign1 parse(byte[] bytes) throws MalformedEvidenceException {
        Cbor.Tagged top = Cbor.decode(bytes, "attestation document");
        if (top.tag() != -1 && top.tag() != TAG) {
            throw new MalformedEvidenceException("COSE message has tag " + top.tag() + ", expected none or 18 (COSE_Sign1)");
        }
        JsonNode a = top.node();
        if (!a.isArray() || a.size() != 4) {
            throw new MalformedEvidenceException("COSE_Sign1 must be an array of 4 items (RFC 9052 §4.2)");
        }
        byte[] protectedHeader = binary(a.get(0), "COSE_Sign1 protected header");
        if (!a.get(1).isObject() && !a.get(1).isNull()) {
            // RFC 9052 says map; the NSM sends an empty map and some producers send null (seen in the wild).
            throw new MalformedEvidenceException("COSE_Sign1 unprotected header must be a map");
        }
        byte[] payload = binary(a.get(2), "COSE_Sign1 payload");
        byte[] signature = binary(a.get(3), "COSE_Sign1 signature");
        return new CoseSign1(protectedHeader, algorithm(protectedHeader), payload, signature);
    }

    /**
     * The bytes that are signed: Sig_structure {@code ["Signature1", body_protected, external_aad = h'',
     * payload]} (RFC 9052 §4.4), encoded with definite lengths.
     */
    public byte[] toBeSigned() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + protectedHeader.length + 32);
        try (JsonGenerator g = Cbor.mapper().getFactory().createGenerator(out)) {
            ((CBORGenerator) g).writeStartArray(null, 4);
            g.writeString("Signature1");
            g.writeBinary(protectedHeader);
            g.writeBinary(new byte[0]);
            g.writeBinary(payload);
            g.writeEndArray();
        } catch (IOException e) {
            throw new IllegalStateException("Sig_structure encoding failed", e);
        }
        return out.toByteArray();
    }

    private static int algorithm(byte[] protectedHeader) throws MalformedEvidenceException {
        JsonNode h = Cbor.decode(protectedHeader, "COSE_Sign1 protected header").node();
        if (!h.isObject()) {
            throw new MalformedEvidenceException("COSE_Sign1 protected header is not a map");
        }
        Integer alg = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            // Jackson reports integer map keys by their decimal text; label 1 = alg (RFC 9052 §3.1).
            if ("1".equals(e.getKey())) {
                if (!e.getValue().canConvertToInt() || !e.getValue().isIntegralNumber()) {
                    throw new MalformedEvidenceException("COSE alg must be an integer");
                }
                alg = e.getValue().intValue();
            }
        }
        if (alg == null) {
            throw new MalformedEvidenceException("COSE_Sign1 protected header has no alg (label 1)");
        }
        return alg;
    }

    static byte[] binary(JsonNode node, String what) throws MalformedEvidenceException {
        if (node == null || !node.isBinary()) {
            throw new MalformedEvidenceException(what + " must be a byte string");
        }
        try {
            return node.binaryValue();
        } catch (IOException e) {
            throw new MalformedEvidenceException(what + " must be a byte string", e);
        }
    }
}
