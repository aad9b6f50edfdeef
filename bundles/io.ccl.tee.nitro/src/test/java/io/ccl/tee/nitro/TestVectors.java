package io.ccl.tee.nitro;

import io.ccl.attestation.api.VerificationContext;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.tck.Sample;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** The real Nitro documents of {@code testdata/} (provenance in testdata/README.md) and the time each verifies at. */
final class TestVectors {
    /** Document timestamp 2024-09-07T14:37:39.545Z; MANIFEST §5 verifies it at 14:40:00Z. */
    static final Instant NORMAL_NOW = Instant.parse("2024-09-07T14:40:00Z");
    static final Instant NORMAL_TIMESTAMP = Instant.parse("2024-09-07T14:37:39.545Z");
    /** Debug document timestamp 2024-09-07T14:38:06.508Z. */
    static final Instant DEBUG_NOW = Instant.parse("2024-09-07T14:40:00Z");

    private TestVectors() {
    }

    static byte[] normal() {
        return read("blocky-nitrite/derived_nitro_attestation.cbor");
    }

    static byte[] debug() {
        return base64("blocky-nitrite/nitro_attestation_debug.b64");
    }

    static byte[] selfSigned() {
        return base64("blocky-nitrite/selfsigned_attestation.b64");
    }

    static Evidence evidence(byte[] doc) {
        return new Evidence("nitro", doc);
    }

    static Sample normalSample() {
        return new Sample("blocky nitro_attestation", evidence(normal()), VerificationContext.at(NORMAL_NOW));
    }

    static byte[] base64(String path) {
        return Base64.getMimeDecoder().decode(new String(read(path), StandardCharsets.US_ASCII).trim());
    }

    static byte[] read(String path) {
        try (InputStream in = TestVectors.class.getResourceAsStream("testdata/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource testdata/" + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
