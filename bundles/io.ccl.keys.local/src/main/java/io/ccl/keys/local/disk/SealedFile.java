package io.ccl.keys.local.disk;

import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * The on-disk format of every file in the store except {@code master.key}:
 *
 * <pre>
 * offset  size  field
 *      0     4  magic "CCLS"
 *      4     1  format version, 1
 *      5     1  kind (see {@link Kind})
 *      6     2  reserved, zero
 *      8    12  random IV
 *     20   n+16 AES-256-GCM ciphertext of the n-byte payload, then the tag
 * </pre>
 *
 * The GCM additional data is the 8 header bytes followed by the UTF-8 identity of the file (its
 * kind, name and version, e.g. {@code secret|default/db/password|v3}). A file therefore opens only
 * under the exact name and version it was written for: swapping two files, copying one under
 * another name, or changing any header or ciphertext bit fails the tag check with
 * {@link Reason#INTEGRITY}.
 */
public final class SealedFile {
    /** What a sealed file holds; part of the header and of the additional data. */
    public enum Kind {
        SECRET_VERSION(1),
        SECRET_TOMBSTONE(2),
        KEY_METADATA(3),
        KEY_VERSION(4),
        /** The state of a soft-deleted or destroyed secret version. */
        SECRET_VERSION_STATE(5);

        private final int code;

        Kind(int code) {
            this.code = code;
        }
    }

    private static final byte[] MAGIC = {'C', 'C', 'L', 'S'};
    private static final int FORMAT = 1;
    /** Header length: magic, format, kind, reserved. */
    public static final int HEADER_BYTES = 8;
    /** Bytes a sealed file adds to its payload. */
    public static final int OVERHEAD = HEADER_BYTES + AesGcm.IV_BYTES + AesGcm.TAG_BYTES;

    private final MasterKey master;
    private final SecureRandom random;

    public SealedFile(MasterKey master, SecureRandom random) {
        this.master = Objects.requireNonNull(master, "master");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The sealed file content for {@code payload}; the caller zeroes its payload. */
    public byte[] seal(Kind kind, String identity, byte[] payload) throws KeyStorageException {
        byte[] out = new byte[OVERHEAD + payload.length];
        writeHeader(kind, out);
        AesGcm.encryptInto(master.key(), random, aad(out, identity), payload, out, HEADER_BYTES);
        return out;
    }

    /**
     * The payload of a sealed file; the caller zeroes it when done.
     *
     * @throws KeyStorageException {@code INTEGRITY} when the header is not a sealed file of this
     *     kind or the content was not written under {@code identity} with this master key
     */
    public byte[] open(Kind kind, String identity, byte[] file) throws KeyStorageException {
        if (file.length < OVERHEAD) {
            throw new KeyStorageException(Reason.INTEGRITY, "sealed file truncated: " + identity);
        }
        byte[] expected = new byte[HEADER_BYTES];
        writeHeader(kind, expected);
        for (int i = 0; i < HEADER_BYTES; i++) {
            if (file[i] != expected[i]) {
                throw new KeyStorageException(Reason.INTEGRITY, "sealed file header mismatch: " + identity);
            }
        }
        try {
            return AesGcm.decrypt(master.key(), aad(file, identity), file, HEADER_BYTES, file.length - HEADER_BYTES);
        } catch (KeyStorageException e) {
            if (e.reason() == Reason.INTEGRITY) {
                throw new KeyStorageException(Reason.INTEGRITY,
                        "sealed file failed its integrity check (tampered, moved or wrong master key): " + identity);
            }
            throw e;
        }
    }

    private static void writeHeader(Kind kind, byte[] out) {
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[4] = (byte) FORMAT;
        out[5] = (byte) kind.code;
        out[6] = 0;
        out[7] = 0;
    }

    private static byte[] aad(byte[] header, String identity) {
        byte[] id = identity.getBytes(StandardCharsets.UTF_8);
        byte[] aad = new byte[HEADER_BYTES + id.length];
        System.arraycopy(header, 0, aad, 0, HEADER_BYTES);
        System.arraycopy(id, 0, aad, HEADER_BYTES, id.length);
        return aad;
    }
}
