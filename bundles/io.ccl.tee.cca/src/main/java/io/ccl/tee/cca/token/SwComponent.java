package io.ccl.tee.cca.token;

/**
 * One entry of the platform software components claim (draft-ffm-rats-cca-token §4.3.7, the PSA
 * software component of RFC 9783 §4.4.1): measurement type (1), value (2), version (4), signer id
 * (5), hash algorithm (6). Optional members are null when absent.
 */
public record SwComponent(String measurementType, byte[] measurementValue, String version, byte[] signerId,
        String hashAlgoId) {

    static SwComponent parse(Claims c) throws TokenFormatException {
        return new SwComponent(c.optionalText(1), c.bytes(2, 32, 48, 64), c.optionalText(4), c.bytes(5),
                c.optionalText(6));
    }
}
