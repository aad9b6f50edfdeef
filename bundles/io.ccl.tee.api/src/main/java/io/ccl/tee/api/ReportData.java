package io.ccl.tee.api;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 64 bytes a guest asks its TEE to sign into a report ({@code REPORT_DATA} on SEV-SNP, TDX and
 * SGX). CCL binds keys and nonces through it: {@code SHA-384(JCS(runtime-data))} zero-padded.
 *
 * <p>Immutable; arrays are copied in and out. Comparison is constant time.
 */
public final class ReportData {
    /** Size of the report data field in every supported TEE. */
    public static final int SIZE = 64;

    private final byte[] bytes;

    private ReportData(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Report data from up to 64 bytes, zero-padded on the right.
     *
     * @throws IllegalArgumentException when {@code value} is longer than 64 bytes
     */
    public static ReportData of(byte[] value) {
        if (value.length > SIZE) {
            throw new IllegalArgumentException("report data is " + value.length + " bytes, at most " + SIZE);
        }
        return new ReportData(Arrays.copyOf(value, SIZE));
    }

    /** Report data from a hex string of at most 128 digits, zero-padded on the right. */
    public static ReportData ofHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    /** A copy of the 64 bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Lower-case hex of the 64 bytes. */
    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** Constant-time comparison with the bytes a report actually carries. */
    public boolean matches(byte[] reported) {
        return reported != null && reported.length == SIZE && MessageDigest.isEqual(bytes, reported);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReportData other && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "ReportData[" + hex() + "]";
    }
}
