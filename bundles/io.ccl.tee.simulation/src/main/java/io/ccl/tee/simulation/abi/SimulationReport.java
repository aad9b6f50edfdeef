package io.ccl.tee.simulation.abi;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * CCL's simulation evidence format, version 1. Big-endian, fixed size {@value #SIZE} bytes:
 *
 * <pre>
 * offset size field
 * 0x00   8    magic "CCLSIM01"
 * 0x08   2    version (1)
 * 0x0A   2    flags (bit 0: debug; other bits must be zero)
 * 0x0C   8    timestamp, seconds since the epoch when the report was made
 * 0x14   48   measurement (SHA-384 of what the installation declares it runs)
 * 0x44   64   report data
 * 0x84   32   key id: SHA-256 of the signing key's X.509 SubjectPublicKeyInfo
 * 0xA4   64   signature: ECDSA P-256/SHA-256, r‖s big-endian, over bytes 0x00–0xA3
 * </pre>
 *
 * It mirrors what real TEE reports carry (measurement, report data, signer identity) so that key
 * binding and policy work exactly as for hardware, while proving nothing about hardware.
 */
public record SimulationReport(int version, int flags, long timestamp, byte[] measurement, byte[] reportData,
        byte[] keyId, byte[] signature) {
    public static final int SIZE = 0xE4;
    public static final int SIGNED_SIZE = 0xA4;
    public static final int VERSION = 1;
    public static final int FLAG_DEBUG = 1;
    private static final byte[] MAGIC = {'C', 'C', 'L', 'S', 'I', 'M', '0', '1'};

    /** Parses a report; the exact size, magic, version and reserved flag bits are enforced. */
    public static SimulationReport parse(byte[] bytes) throws SimulationFormatException {
        if (bytes.length != SIZE) {
            throw new SimulationFormatException("simulation report is " + bytes.length + " bytes, expected " + SIZE);
        }
        if (!Arrays.equals(MAGIC, 0, 8, bytes, 0, 8)) {
            throw new SimulationFormatException("not a CCL simulation report (bad magic)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int version = Short.toUnsignedInt(b.getShort(0x08));
        if (version != VERSION) {
            throw new SimulationFormatException("unsupported simulation report version " + version);
        }
        int flags = Short.toUnsignedInt(b.getShort(0x0A));
        if ((flags & ~FLAG_DEBUG) != 0) {
            throw new SimulationFormatException("reserved flag bits set: 0x" + Integer.toHexString(flags));
        }
        return new SimulationReport(version, flags, b.getLong(0x0C), Arrays.copyOfRange(bytes, 0x14, 0x44),
                Arrays.copyOfRange(bytes, 0x44, 0x84), Arrays.copyOfRange(bytes, 0x84, 0xA4),
                Arrays.copyOfRange(bytes, 0xA4, SIZE));
    }

    /** The bytes 0x00–0xA3 of an unsigned report with these fields. */
    public static byte[] signedPart(int flags, long timestamp, byte[] measurement, byte[] reportData, byte[] keyId) {
        ByteBuffer b = ByteBuffer.allocate(SIGNED_SIZE);
        b.put(MAGIC).putShort((short) VERSION).putShort((short) flags).putLong(timestamp);
        b.put(requireSize(measurement, 48)).put(requireSize(reportData, 64)).put(requireSize(keyId, 32));
        return b.array();
    }

    /** The complete report: signed part followed by the 64-byte signature. */
    public static byte[] assemble(byte[] signedPart, byte[] signature) {
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        b.put(requireSize(signedPart, SIGNED_SIZE)).put(requireSize(signature, 64));
        return b.array();
    }

    public boolean debug() {
        return (flags & FLAG_DEBUG) != 0;
    }

    private static byte[] requireSize(byte[] value, int size) {
        if (value.length != size) {
            throw new IllegalArgumentException("field is " + value.length + " bytes, expected " + size);
        }
        return value;
    }
}
