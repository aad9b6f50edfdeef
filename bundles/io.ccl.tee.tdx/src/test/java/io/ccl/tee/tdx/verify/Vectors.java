package io.ccl.tee.tdx.verify;

import io.ccl.attestation.api.VerificationContext;
import io.ccl.tee.api.Collateral;
import io.ccl.tee.api.Evidence;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Test vectors copied from shared/testvectors (provenance in testdata/README.md). */
final class Vectors {
    static final String DIR = "/io/ccl/tee/tdx/testdata/";

    private Vectors() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test vector " + name);
            }
            byte[] b = in.readAllBytes();
            return name.endsWith("_hex.txt") ? HexFormat.of().parseHex(new String(b, StandardCharsets.US_ASCII).trim()) : b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Collateral piece(String name) {
        return new Collateral(name.substring(name.lastIndexOf('/') + 1), bytes(name));
    }

    static List<Collateral> pieces(String... names) {
        List<Collateral> out = new ArrayList<>();
        for (String n : names) {
            out.add(piece(n));
        }
        return out;
    }

    static Evidence evidence(String quote, String... collateral) {
        return new Evidence("tdx", bytes(quote), pieces(collateral));
    }

    static VerificationContext at(String instant) {
        return VerificationContext.at(Instant.parse(instant));
    }

    static VerificationContext lenientAt(String instant) {
        return VerificationContext.builder(Instant.parse(instant))
                .collateralPolicy(VerificationContext.CollateralPolicy.ALLOW_UNAVAILABLE).build();
    }

    /** phala tdx_quote with its 70 trailing zero bytes removed (the quote structure ends at 4936). */
    static byte[] trimmed(String quote, int length) {
        return java.util.Arrays.copyOf(bytes(quote), length);
    }
}
