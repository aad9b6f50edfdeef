package io.ccl.tee.cca.token;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The realm claims (Arm RMM specification 1.0, A7.2.3.1 "Realm claims"; draft-ffm-rats-cca-token
 * §4.2): profile 265 (1.0 profile only), challenge 10 (64 bytes: the guest's report data),
 * personalization value 44235 (64 bytes), initial measurement 44238, extensible measurements 44239
 * (four, REM0-REM3), hash algorithm id 44236, RAK public key 44237, RAK hash algorithm id 44240.
 * In the legacy profile the RAK is a raw EC point; in the 1.0 profile it is a COSE_Key.
 */
public record RealmClaims(String profile, byte[] challenge, byte[] personalizationValue, byte[] initialMeasurement,
        List<byte[]> extensibleMeasurements, String hashAlgoId, byte[] publicKey, String publicKeyHashAlgoId) {
    /** The profile of the 1.0 realm token; absent in the legacy token. */
    public static final String PROFILE_1_0 = "tag:arm.com,2023:realm#1.0.0";
    /** Number of realm extensible measurements (RMM 1.0 A7.2.3.1.6). */
    public static final int REM_COUNT = 4;

    public static RealmClaims parse(byte[] payload) throws TokenFormatException {
        Claims c = new Claims(CborDecoder.decode(payload, "realm claims").node(), "realm claims");
        String profile = c.optionalText(265);
        if (profile != null && !PROFILE_1_0.equals(profile)) {
            throw new UnsupportedProfileException("realm profile '" + profile + "' is not supported");
        }
        List<JsonNode> rems = c.array(44239);
        if (rems.size() != REM_COUNT) {
            throw new TokenFormatException("realm extensible measurements: " + rems.size() + ", expected " + REM_COUNT);
        }
        List<byte[]> measurements = new ArrayList<>();
        for (int i = 0; i < REM_COUNT; i++) {
            measurements.add(Claims.sized(Claims.binary(rems.get(i), "REM" + i), "REM" + i, 32, 48, 64));
        }
        return new RealmClaims(profile, c.bytes(10, 64), c.bytes(44235, 64), c.bytes(44238, 32, 48, 64),
                List.copyOf(measurements), c.text(44236), c.bytes(44237), c.text(44240));
    }

    /** True for the 1.0 profile, whose RAK is a COSE_Key. */
    public boolean coseKeyRak() {
        return PROFILE_1_0.equals(profile);
    }
}
