package io.ccl.tee.nitro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.ccl.tee.nitro.nsm.NsmDevice;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/**
 * A fake Nitro Secure Module speaking the NSM API's CBOR (aws-nitro-enclaves-nsm-api src/api/mod.rs):
 * answers {"Attestation": {...}} with a document signed by a test PKI, anything else with
 * {"Error": "InvalidOperation"}, and enforces the driver's size limits.
 */
final class FakeNsm implements NsmDevice {
    private static final CBORMapper MAPPER = new CBORMapper();

    final SyntheticDocuments pki;
    private final Instant now;
    int requests;

    FakeNsm(SyntheticDocuments pki, Instant now) {
        this.pki = pki;
        this.now = now;
    }

    @Override
    public byte[] exchange(byte[] request) throws IOException {
        requests++;
        if (request.length > MAX_REQUEST) {
            throw new IOException("EINVAL");
        }
        JsonNode r = MAPPER.readTree(request);
        JsonNode a = r.get("Attestation");
        if (a == null || !a.isObject()) {
            return MAPPER.writeValueAsBytes(Map.of("Error", "InvalidOperation"));
        }
        byte[] doc = pki.sign(pki.payload(now, bytes(a.get("user_data")), bytes(a.get("nonce")), bytes(a.get("public_key"))),
                false, false);
        return MAPPER.writeValueAsBytes(Map.of("Attestation", Map.of("document", doc)));
    }

    private static byte[] bytes(JsonNode n) throws IOException {
        return n == null || n.isNull() ? null : n.binaryValue();
    }
}
