package io.ccl.keys.local.key;

import io.ccl.keys.api.DataKey;
import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.KeyVersion;
import io.ccl.keys.api.SecretBytes;
import io.ccl.keys.local.disk.AesGcm;
import io.ccl.keys.local.disk.NameLocks;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.locks.Lock;

/**
 * Encrypt, decrypt, rewrap, wrap, unwrap and data keys with stored AES keys, enforcing algorithm,
 * purpose and version state ({@link VersionRules}).
 *
 * <p>Format of {@code encrypt} ciphertexts and {@code wrap} outputs:
 *
 * <pre>
 * offset  size  field
 *      0     1  format: 0x01 ciphertext, 0x02 wrapped key
 *      1     4  key version, unsigned big-endian
 *      5    12  random IV
 *     17   n+16 AES-256-GCM ciphertext and tag
 * </pre>
 *
 * The GCM additional data is the 5 header bytes followed, for a ciphertext, by the caller's
 * additional data and, for a wrapped key, by the fixed domain {@value #WRAP_DOMAIN}. The version
 * cannot be altered without failing the tag check, and since the format byte is authenticated a
 * ciphertext can never be passed off as a wrapped key or the other way round, whatever additional
 * data a caller chooses.
 */
public final class KeyOperations {
    private static final byte CIPHERTEXT = 1;
    private static final byte WRAPPED = 2;
    private static final int HEADER_BYTES = 5;
    private static final String WRAP_DOMAIN = "ccl.keys.local/wrap/v1";
    private static final byte[] WRAP_AAD = WRAP_DOMAIN.getBytes(StandardCharsets.US_ASCII);
    /** Largest key material {@link #wrap} accepts (an RSA-4096 PKCS#8 key is about 2.4 KiB). */
    public static final int MAX_WRAP_BYTES = 16 * 1024;
    /** Size of the data keys {@link #generateDataKey} makes (AES-256). */
    public static final int DATA_KEY_BYTES = 32;

    private final KeyRing ring;
    private final NameLocks locks;
    private final SecureRandom random;

    public KeyOperations(KeyRing ring, NameLocks locks, SecureRandom random) {
        this.ring = ring;
        this.locks = locks;
        this.random = random;
    }

    public byte[] encrypt(String name, byte[] plaintext, byte[] aad) throws KeyStorageException {
        Lock lock = locks.read(KeyRing.lockName(name));
        lock.lock();
        try {
            KeyInfo info = ring.require(name);
            VersionRules.permit(info, KeyAlgorithm.AES_256_GCM, KeyPurpose.ENCRYPT);
            return seal(info, VersionRules.active(info), CIPHERTEXT, plaintext, aad);
        } finally {
            lock.unlock();
        }
    }

    public byte[] decrypt(String name, byte[] ciphertext, byte[] aad) throws KeyStorageException {
        Lock lock = locks.read(KeyRing.lockName(name));
        lock.lock();
        try {
            KeyInfo info = ring.require(name);
            VersionRules.permit(info, KeyAlgorithm.AES_256_GCM, KeyPurpose.DECRYPT);
            return open(info, CIPHERTEXT, ciphertext, aad);
        } finally {
            lock.unlock();
        }
    }

    /** Decrypts and encrypts again under the active version; the plaintext stays in this method. */
    public byte[] rewrap(String name, byte[] ciphertext, byte[] aad) throws KeyStorageException {
        Lock lock = locks.read(KeyRing.lockName(name));
        lock.lock();
        try {
            KeyInfo info = ring.require(name);
            VersionRules.permit(info, KeyAlgorithm.AES_256_GCM, KeyPurpose.DECRYPT);
            VersionRules.permit(info, KeyAlgorithm.AES_256_GCM, KeyPurpose.ENCRYPT);
            KeyVersion active = VersionRules.active(info);
            byte[] plaintext = open(info, CIPHERTEXT, ciphertext, aad);
            try {
                return seal(info, active, CIPHERTEXT, plaintext, aad);
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        } finally {
            lock.unlock();
        }
    }

    public byte[] wrap(String name, SecretBytes key) throws KeyStorageException {
        if (key.size() < 1 || key.size() > MAX_WRAP_BYTES) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "key material to wrap must be 1-" + MAX_WRAP_BYTES + " bytes");
        }
        Lock lock = locks.read(KeyRing.lockName(name));
        lock.lock();
        try {
            KeyInfo info = ring.require(name);
            VersionRules.permit(info, KeyAlgorithm.AES_256_GCM, KeyPurpose.WRAP);
            KeyVersion active = VersionRules.active(info);
            byte[] material = reveal(key);
            try {
                return seal(info, active, WRAPPED, material, WRAP_AAD);
            } finally {
                Arrays.fill(material, (byte) 0);
            }
        } finally {
            lock.unlock();
        }
    }

    public SecretBytes unwrap(String name, byte[] wrapped) throws KeyStorageException {
        Lock lock = locks.read(KeyRing.lockName(name));
        lock.lock();
        try {
            KeyInfo info = ring.require(name);
            VersionRules.permit(info, KeyAlgorithm.AES_256_GCM, KeyPurpose.UNWRAP);
            byte[] material = open(info, WRAPPED, wrapped, WRAP_AAD);
            try {
                return SecretBytes.copyOf(material, InsecureSecretAccess.get());
            } finally {
                Arrays.fill(material, (byte) 0);
            }
        } finally {
            lock.unlock();
        }
    }

    public DataKey generateDataKey(String name) throws KeyStorageException {
        Lock lock = locks.read(KeyRing.lockName(name));
        lock.lock();
        try {
            KeyInfo info = ring.require(name);
            VersionRules.permit(info, KeyAlgorithm.AES_256_GCM, KeyPurpose.WRAP);
            KeyVersion active = VersionRules.active(info);
            byte[] key = new byte[DATA_KEY_BYTES];
            random.nextBytes(key);
            try {
                byte[] wrapped = seal(info, active, WRAPPED, key, WRAP_AAD);
                return new DataKey(SecretBytes.copyOf(key, InsecureSecretAccess.get()), wrapped, name, active.version());
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        } finally {
            lock.unlock();
        }
    }

    private byte[] seal(KeyInfo info, KeyVersion version, byte format, byte[] plaintext, byte[] extraAad)
            throws KeyStorageException {
        byte[] out = new byte[HEADER_BYTES + AesGcm.IV_BYTES + plaintext.length + AesGcm.TAG_BYTES];
        ByteBuffer.wrap(out).put(format).putInt(version.version());
        AesGcm.encryptInto(ring.material(info, version.version()).aesKey(), random, aad(out, extraAad), plaintext, out, HEADER_BYTES);
        return out;
    }

    private byte[] open(KeyInfo info, byte format, byte[] in, byte[] extraAad) throws KeyStorageException {
        if (in.length < HEADER_BYTES + AesGcm.IV_BYTES + AesGcm.TAG_BYTES || in[0] != format) {
            throw new KeyStorageException(Reason.INTEGRITY,
                    format == CIPHERTEXT ? "not a ciphertext of this key store" : "not a wrapped key of this key store");
        }
        int version = ByteBuffer.wrap(in, 1, 4).getInt();
        VersionRules.readable(info, version);
        return AesGcm.decrypt(ring.material(info, version).aesKey(), aad(in, extraAad), in, HEADER_BYTES, in.length - HEADER_BYTES);
    }

    private static byte[] reveal(SecretBytes key) throws KeyStorageException {
        try {
            return key.reveal(InsecureSecretAccess.get());
        } catch (IllegalStateException e) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "key material to wrap was destroyed");
        }
    }

    private static byte[] aad(byte[] header, byte[] extra) {
        byte[] tail = extra == null ? new byte[0] : extra;
        byte[] aad = new byte[HEADER_BYTES + tail.length];
        System.arraycopy(header, 0, aad, 0, HEADER_BYTES);
        System.arraycopy(tail, 0, aad, HEADER_BYTES, tail.length);
        return aad;
    }
}
