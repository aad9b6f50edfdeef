package io.ccl.tee.nitro.nsm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.ccl.tee.api.AttesterException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The NSM API attestation request (aws-nitro-enclaves-nsm-api, src/api/mod.rs: {@code
 * Request::Attestation { user_data, nonce, public_key }}, serde-CBOR externally tagged enum):
 * <pre>
 * request  = {"Attestation": {"user_data": bstr / null, "nonce": bstr / null, "public_key": bstr / null}}
 * response = {"Attestation": {"document": bstr}} / {"Error": text}
 * </pre>
 */
public final class NsmClient {
    private static final CBORMapper MAPPER = new CBORMapper();

    private final NsmDevice device;

    public NsmClient(NsmDevice device) {
        this.device = Objects.requireNonNull(device, "device");
    }

    /**
     * An attestation document signed by the NSM.
     *
     * @param userData at most 1024 bytes, or null
     * @param nonce at most 1024 bytes, or null
     * @param publicKey at most 1024 bytes, or null
     */
    public byte[] attestation(byte[] userData, byte[] nonce, byte[] publicKey) throws AttesterException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("user_data", userData);
        fields.put("nonce", nonce);
        fields.put("public_key", publicKey);
        byte[] request;
        try {
            request = MAPPER.writeValueAsBytes(Map.of("Attestation", fields));
        } catch (IOException e) {
            throw new AttesterException("cannot encode the NSM request", e);
        }
        if (request.length > NsmDevice.MAX_REQUEST) {
            throw new AttesterException("NSM request is " + request.length + " bytes, at most " + NsmDevice.MAX_REQUEST);
        }
        byte[] response;
        try {
            response = device.exchange(request);
        } catch (IOException e) {
            throw new AttesterException("NSM device exchange failed: " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(response);
        } catch (IOException e) {
            throw new AttesterException("NSM response is not CBOR", e);
        }
        if (root != null && root.has("Error")) {
            throw new AttesterException("NSM refused the attestation request: " + root.get("Error").asText());
        }
        JsonNode doc = root == null ? null : root.path("Attestation").get("document");
        if (doc == null || !doc.isBinary()) {
            throw new AttesterException("NSM response carries no attestation document");
        }
        try {
            return doc.binaryValue();
        } catch (IOException e) {
            throw new AttesterException("NSM response carries no attestation document", e);
        }
    }
}
