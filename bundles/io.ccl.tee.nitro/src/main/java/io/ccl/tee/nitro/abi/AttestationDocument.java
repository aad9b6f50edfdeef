package io.ccl.tee.nitro.abi;

import com.fasterxml.jackson.databind.JsonNode;
import io.ccl.attestation.api.MalformedEvidenceException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The payload of a Nitro Enclaves attestation document, checked syntactically as AWS specifies
 * (aws-nitro-enclaves-nsm-api, docs/attestation_process.md §2 "Attestation document specification"
 * and §3.2 "Syntactical validation"):
 * <pre>
 * AttestationDocument = {
 *   module_id: text, digest: "SHA384" / "SHA256" / "SHA512", timestamp: uint (ms since epoch),
 *   pcrs: {+ index => bstr .size (32/48/64)}, certificate: bstr (DER), cabundle: [+ bstr (DER)],
 *   ? public_key: bstr, ? user_data: bstr, ? nonce: bstr }
 * </pre>
 * The optional members may also be CBOR null. Unknown members, missing members and oversize
 * values are malformed; the digest name is kept as is so that the verifier can reject an
 * unsupported one with a typed reason.
 *
 * @param cose the enclosing COSE_Sign1 message
 * @param moduleId the enclave's module id (1..{@value #MAX_TEXT} bytes)
 * @param digest the PCR digest algorithm name
 * @param timestamp the NSM's UTC time
 * @param pcrs PCR index (0..31) to value
 * @param certificate the DER signing certificate
 * @param cabundle the issuing chain, root first (DER)
 * @param publicKey optional user public key
 * @param userData optional user data
 * @param nonce optional nonce
 */
public record AttestationDocument(CoseSign1 cose, String moduleId, String digest, Instant timestamp,
        Map<Integer, byte[]> pcrs, byte[] certificate, List<byte[]> cabundle, Optional<byte[]> publicKey,
        Optional<byte[]> userData, Optional<byte[]> nonce) {
    /** Largest document accepted: the NSM response buffer is 0x3000 bytes; leave room for bigger bundles. */
    public static final int MAX_DOCUMENT_SIZE = 64 * 1024;
    /** Largest public_key, user_data, nonce, certificate and cabundle entry (AWS docs: 1024 bytes). */
    public static final int MAX_FIELD = 1024;
    /** Largest module_id and digest text. */
    public static final int MAX_TEXT = 256;
    /** PCR indexes 0..31 (§3.2: "pcrs ... 1 to 32 entries, index in [0, 32)"). */
    public static final int PCR_COUNT = 32;
    /** Longest CA bundle accepted. */
    public static final int MAX_CABUNDLE = 16;

    private static final Set<String> MEMBERS = Set.of("module_id", "digest", "timestamp", "pcrs", "certificate",
            "cabundle", "public_key", "user_data", "nonce");

    public AttestationDocument {
        pcrs = Collections.unmodifiableMap(new TreeMap<>(pcrs));
        cabundle = List.copyOf(cabundle);
    }

    /** Parses a whole attestation document (COSE_Sign1 with the payload map inside). */
    public static AttestationDocument parse(byte[] bytes) throws MalformedEvidenceException {
        if (bytes.length > MAX_DOCUMENT_SIZE) {
            throw new MalformedEvidenceException("attestation document is " + bytes.length + " bytes, at most "
                    + MAX_DOCUMENT_SIZE);
        }
        CoseSign1 cose = CoseSign1.parse(bytes);
        JsonNode p = Cbor.decode(cose.payload(), "attestation document payload").node();
        if (!p.isObject()) {
            throw new MalformedEvidenceException("attestation document payload must be a map");
        }
        for (Iterator<String> names = p.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!MEMBERS.contains(name)) {
                throw new MalformedEvidenceException("attestation document has an unknown member");
            }
        }
        String moduleId = text(p.get("module_id"), "module_id");
        String digest = text(p.get("digest"), "digest");
        Instant timestamp = timestamp(p.get("timestamp"));
        Map<Integer, byte[]> pcrs = pcrs(p.get("pcrs"));
        byte[] certificate = bytes(p.get("certificate"), "certificate", 1);
        List<byte[]> cabundle = cabundle(p.get("cabundle"));
        return new AttestationDocument(cose, moduleId, digest, timestamp, pcrs, certificate, cabundle,
                optional(p.get("public_key"), "public_key", 1), optional(p.get("user_data"), "user_data", 0),
                optional(p.get("nonce"), "nonce", 0));
    }

    /** A copy of PCR {@code index}, if the document carries it. */
    public Optional<byte[]> pcr(int index) {
        return Optional.ofNullable(pcrs.get(index)).map(byte[]::clone);
    }

    private static String text(JsonNode n, String name) throws MalformedEvidenceException {
        if (n == null || !n.isTextual()) {
            throw new MalformedEvidenceException("attestation document member " + name + " must be a text string");
        }
        String s = n.textValue();
        if (s.isEmpty() || s.length() > MAX_TEXT) {
            throw new MalformedEvidenceException("attestation document member " + name + " must have 1.." + MAX_TEXT
                    + " characters");
        }
        return s;
    }

    private static Instant timestamp(JsonNode n) throws MalformedEvidenceException {
        // §3.2: timestamp is an unsigned integer > 0, milliseconds since the UNIX epoch.
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() <= 0) {
            throw new MalformedEvidenceException("attestation document timestamp must be a positive integer (ms)");
        }
        return Instant.ofEpochMilli(n.longValue());
    }

    private static Map<Integer, byte[]> pcrs(JsonNode n) throws MalformedEvidenceException {
        if (n == null || !n.isObject() || n.isEmpty() || n.size() > PCR_COUNT) {
            throw new MalformedEvidenceException("attestation document pcrs must be a map of 1.." + PCR_COUNT + " entries");
        }
        Map<Integer, byte[]> pcrs = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            int index = pcrIndex(e.getKey());
            byte[] value = CoseSign1.binary(e.getValue(), "PCR" + index);
            // §3.2: each PCR is 32, 48 or 64 bytes (SHA-256/384/512).
            if (value.length != 32 && value.length != 48 && value.length != 64) {
                throw new MalformedEvidenceException("PCR" + index + " is " + value.length + " bytes, not 32, 48 or 64");
            }
            if (pcrs.put(index, value) != null) {
                throw new MalformedEvidenceException("PCR" + index + " appears twice");
            }
        }
        return pcrs;
    }

    private static int pcrIndex(String key) throws MalformedEvidenceException {
        // Jackson presents integer map keys as their decimal text; only the canonical forms 0..31 pass.
        if (key.isEmpty() || key.length() > 2 || !key.chars().allMatch(Character::isDigit)
                || key.length() == 2 && key.charAt(0) == '0') {
            throw new MalformedEvidenceException("attestation document pcrs has a key that is not an index 0..31");
        }
        int index = Integer.parseInt(key);
        if (index >= PCR_COUNT) {
            throw new MalformedEvidenceException("attestation document pcrs has index " + index + " >= " + PCR_COUNT);
        }
        return index;
    }

    private static List<byte[]> cabundle(JsonNode n) throws MalformedEvidenceException {
        if (n != null && n.isNull()) {
            // Some producers (Go encoders of an empty slice) send null; it is an empty bundle, which the
            // verifier then rejects as UNTRUSTED_ROOT rather than as malformed.
            return List.of();
        }
        if (n == null || !n.isArray() || n.size() > MAX_CABUNDLE) {
            throw new MalformedEvidenceException("attestation document cabundle must be an array of at most "
                    + MAX_CABUNDLE + " certificates");
        }
        List<byte[]> list = new ArrayList<>();
        for (JsonNode c : n) {
            list.add(bytes(c, "cabundle entry", 1));
        }
        return list;
    }

    private static Optional<byte[]> optional(JsonNode n, String name, int min) throws MalformedEvidenceException {
        return n == null || n.isNull() ? Optional.empty() : Optional.of(bytes(n, name, min));
    }

    private static byte[] bytes(JsonNode n, String name, int min) throws MalformedEvidenceException {
        byte[] b = CoseSign1.binary(n, "attestation document member " + name);
        if (b.length < min || b.length > MAX_FIELD) {
            throw new MalformedEvidenceException("attestation document member " + name + " is " + b.length
                    + " bytes, allowed " + min + ".." + MAX_FIELD);
        }
        return b;
    }

    @Override
    public String toString() {
        return "AttestationDocument[" + moduleId + ", " + timestamp + ", " + pcrs.size() + " PCRs]";
    }
}
