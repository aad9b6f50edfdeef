package io.ccl.tee.azure.evidence;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ccl.attestation.api.MalformedEvidenceException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The Azure vTPM evidence JSON, as Trustee's attesters produce it. Two shapes are accepted:
 * <pre>
 * v0  {"quote"|"tpm_quote": {"signature": [u8], "message": [u8], "pcrs": [[u8;32]...]},
 *      "report"|"hcl_report": [u8], "vcek": "PEM" (SNP) | "td_quote": [u8] (TDX)}
 * v1+ {"version": 1|2, "tpm_quote": {"signature": hex, "message": hex, "pcrs": [hex...]},
 *      "hcl_report": base64url, "vcek": base64url DER (SNP) | "td_quote": base64url (TDX)}
 * </pre>
 * Parsing is strict so that no change of the bytes goes unnoticed: unknown or duplicate members,
 * trailing content (even whitespace), non-canonical hex (upper case) or base64 (bits after the last byte) are refused.
 */
public record AzureEvidence(byte[] message, byte[] signature, List<byte[]> pcrs, byte[] hclReport, List<byte[]> vcek,
        byte[] tdQuote) {
    /** Bound on the JSON text; real evidence is under 40 KiB. */
    public static final int MAX_SIZE = 256 * 1024;
    private static final int MAX_FIELD = 64 * 1024;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Parses evidence for {@code snp} (with a VCEK, without a TD quote) or TDX (the reverse). */
    public static AzureEvidence parse(byte[] json, boolean snp) throws MalformedEvidenceException {
        if (json.length > MAX_SIZE) {
            throw new MalformedEvidenceException("Azure evidence is " + json.length + " bytes, at most " + MAX_SIZE);
        }
        if (json.length == 0 || json[json.length - 1] != '}') {
            // nothing may follow the object, not even whitespace: every byte of the payload counts
            throw new MalformedEvidenceException("Azure evidence must be a JSON object ending the payload");
        }
        JsonNode root;
        try (JsonParser p = JSON.createParser(json)) {
            root = JSON.readTree(p);
        } catch (IOException | RuntimeException e) {
            throw new MalformedEvidenceException("Azure evidence is not JSON: " + e.getClass().getSimpleName());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedEvidenceException("Azure evidence is not a JSON object");
        }
        boolean versioned = root.has("version");
        if (versioned) {
            JsonNode v = root.get("version");
            if (!v.isIntegralNumber() || (v.asInt() != 1 && v.asInt() != 2) || !v.canConvertToInt()) {
                throw new MalformedEvidenceException("Azure evidence version must be 1 or 2");
            }
        }
        String quoteKey = root.has("quote") && snp && !versioned ? "quote" : "tpm_quote";
        String reportKey = root.has("report") && snp && !versioned ? "report" : "hcl_report";
        String otherKey = snp ? "vcek" : "td_quote";
        Set<String> allowed = versioned ? Set.of("version", quoteKey, reportKey, otherKey)
                : Set.of(quoteKey, reportKey, otherKey);
        onlyMembers(root, allowed, "evidence");
        JsonNode quote = required(root, quoteKey);
        onlyMembers(quote, Set.of("signature", "message", "pcrs"), quoteKey);
        byte[] message = bytes(required(quote, "message"), Encoding.HEX, quoteKey + ".message");
        byte[] signature = bytes(required(quote, "signature"), Encoding.HEX, quoteKey + ".signature");
        JsonNode pcrNode = required(quote, "pcrs");
        if (!pcrNode.isArray() || pcrNode.size() > 32) {
            throw new MalformedEvidenceException(quoteKey + ".pcrs must be a list of at most 32 values");
        }
        List<byte[]> pcrs = new ArrayList<>();
        for (JsonNode p : pcrNode) {
            pcrs.add(bytes(p, Encoding.HEX, quoteKey + ".pcrs"));
        }
        byte[] hcl = bytes(required(root, reportKey), Encoding.BASE64URL, reportKey);
        JsonNode other = required(root, otherKey);
        if (snp) {
            return new AzureEvidence(message, signature, pcrs, hcl, certificates(other), null);
        }
        return new AzureEvidence(message, signature, pcrs, hcl, List.of(),
                TdQuoteLength.trimmed(bytes(other, Encoding.BASE64URL, otherKey)));
    }

    private enum Encoding { HEX, BASE64URL }

    private static JsonNode required(JsonNode node, String name) throws MalformedEvidenceException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw new MalformedEvidenceException("Azure evidence lacks " + name);
        }
        return v;
    }

    private static void onlyMembers(JsonNode node, Set<String> allowed, String where) throws MalformedEvidenceException {
        if (!node.isObject()) {
            throw new MalformedEvidenceException(where + " is not a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw new MalformedEvidenceException(where + " has an unknown member");
            }
        }
    }

    /** A byte string: a JSON list of integers 0..255 (v0), or a canonical string in the given encoding. */
    private static byte[] bytes(JsonNode node, Encoding encoding, String what) throws MalformedEvidenceException {
        if (node.isArray()) {
            if (node.size() > MAX_FIELD) {
                throw new MalformedEvidenceException(what + " is too long");
            }
            byte[] out = new byte[node.size()];
            for (int i = 0; i < out.length; i++) {
                JsonNode n = node.get(i);
                if (!n.isInt() || n.intValue() < 0 || n.intValue() > 255) {
                    throw new MalformedEvidenceException(what + " has an element that is not a byte");
                }
                out[i] = (byte) n.intValue();
            }
            return out;
        }
        if (!node.isTextual() || node.textValue().length() > 2 * MAX_FIELD) {
            throw new MalformedEvidenceException(what + " must be a byte list or a string");
        }
        String s = node.textValue();
        try {
            if (encoding == Encoding.HEX) {
                byte[] out = HexFormat.of().parseHex(s);
                canonical(HexFormat.of().formatHex(out).equals(s), what);
                return out;
            }
            byte[] out = Base64.getUrlDecoder().decode(s);
            String padded = Base64.getUrlEncoder().encodeToString(out);
            canonical(padded.equals(s) || Base64.getUrlEncoder().withoutPadding().encodeToString(out).equals(s), what);
            return out;
        } catch (IllegalArgumentException e) {
            throw new MalformedEvidenceException(what + " is not " + (encoding == Encoding.HEX ? "hex" : "base64url"));
        }
    }

    private static void canonical(boolean ok, String what) throws MalformedEvidenceException {
        if (!ok) {
            throw new MalformedEvidenceException(what + " is not in canonical encoding");
        }
    }

    /** The VCEK: PEM (one or more CERTIFICATE blocks, v0) or base64url DER (v1+); returns DER certificates. */
    private static List<byte[]> certificates(JsonNode node) throws MalformedEvidenceException {
        if (!node.isTextual()) {
            throw new MalformedEvidenceException("vcek must be a string");
        }
        String s = node.textValue();
        if (!s.startsWith("-----BEGIN")) {
            return List.of(bytes(node, Encoding.BASE64URL, "vcek"));
        }
        return StrictPem.certificates(s);
    }

    @Override
    public byte[] hclReport() {
        return hclReport.clone();
    }
}
