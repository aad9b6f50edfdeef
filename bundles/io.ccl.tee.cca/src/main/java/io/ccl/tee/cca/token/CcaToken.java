package io.ccl.tee.cca.token;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;

/**
 * The CCA attestation token: a CBOR map tagged 399 holding the CCA platform token (key 44234) and
 * the realm delegated token (key 44241), each a COSE_Sign1 wrapped in a byte string
 * (Arm RMM specification 1.0, A7.2.2 "CCA attestation token"; draft-ffm-rats-cca-token §4.1,
 * {@code cca-token-collection}). No other entry is allowed.
 */
public record CcaToken(CoseSign1 platform, CoseSign1 realm) {
    /** CBOR tag of the CCA token collection. */
    public static final int TAG = 399;
    /** Collection key of the platform token. */
    public static final int PLATFORM_KEY = 44234;
    /** Collection key of the realm token. */
    public static final int REALM_KEY = 44241;

    /** Parses the token bytes (the configfs-tsm {@code outblob} of the {@code arm_cca_guest} provider). */
    public static CcaToken parse(byte[] bytes) throws TokenFormatException {
        CborDecoder.Item item = CborDecoder.decode(bytes, "CCA token");
        if (item.tag() != TAG) {
            throw new TokenFormatException("CCA token is not tagged " + TAG + " (tag " + item.tag() + ")");
        }
        JsonNode map = item.node();
        Claims collection = new Claims(map, "CCA token collection");
        for (Iterator<String> it = map.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!key.equals(Integer.toString(PLATFORM_KEY)) && !key.equals(Integer.toString(REALM_KEY))) {
                throw new TokenFormatException("CCA token collection has unexpected entry " + key);
            }
        }
        CoseSign1 platform = CoseSign1.parse(collection.bytes(PLATFORM_KEY), "platform token");
        CoseSign1 realm = CoseSign1.parse(collection.bytes(REALM_KEY), "realm token");
        return new CcaToken(platform, realm);
    }
}
