package io.ccl.keys.local.key;

import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.KeyVersion;
import io.ccl.keys.api.KeyVersionState;
import io.ccl.keys.local.disk.AesGcm;
import io.ccl.keys.local.disk.NameLocks;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.concurrent.locks.Lock;

/**
 * Encrypt, decrypt and sign with stored keys, enforcing algorithm, purpose and version state.
 *
 * <p>Ciphertext format of {@code encrypt}:
 *
 * <pre>
 * offset  size  field
 *      0     1  format, 0x01
 *      1     4  key version, unsigned big-endian
 *      5    12  random IV
 *     17   n+16 AES-256-GCM ciphertext and tag
 * </pre>
 *
 * The GCM additional data is the 5 header bytes followed by the caller's additional data, so the
 * version number cannot be altered without failing the tag check. Signatures are ASN.1 DER ECDSA
 * ({@code SHA256withECDSA} for P-256, {@code SHA384withECDSA} for P-384).
 */
public final class KeyOperations {
    private static final byte FORMAT = 1;
    private static final int HEADER_BYTES = 5;

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
            permit(info, KeyAlgorithm.AES_256_GCM, KeyPurpose.ENCRYPT);
            KeyVersion active = active(info);
            byte[] out = new byte[HEADER_BYTES + AesGcm.IV_BYTES + plaintext.length + AesGcm.TAG_BYTES];
            ByteBuffer.wrap(out).put(FORMAT).putInt(active.version());
            AesGcm.encryptInto(ring.material(info, active.version()).aesKey(), random, aad(out, aad), plaintext, out, HEADER_BYTES);
            return out;
        } finally {
            lock.unlock();
        }
    }

    public byte[] decrypt(String name, byte[] ciphertext, byte[] aad) throws KeyStorageException {
        if (ciphertext.length < HEADER_BYTES + AesGcm.IV_BYTES + AesGcm.TAG_BYTES || ciphertext[0] != FORMAT) {
            throw new KeyStorageException(Reason.INTEGRITY, "not a ciphertext of this key store");
        }
        int version = ByteBuffer.wrap(ciphertext, 1, 4).getInt();
        Lock lock = locks.read(KeyRing.lockName(name));
        lock.lock();
        try {
            KeyInfo info = ring.require(name);
            permit(info, KeyAlgorithm.AES_256_GCM, KeyPurpose.DECRYPT);
            KeyVersion v = KeyRing.version(info, version);
            if (v.state() != KeyVersionState.ACTIVE && v.state() != KeyVersionState.DECRYPT_ONLY) {
                throw unusable(info, v);
            }
            return AesGcm.decrypt(ring.material(info, version).aesKey(), aad(ciphertext, aad), ciphertext,
                    HEADER_BYTES, ciphertext.length - HEADER_BYTES);
        } finally {
            lock.unlock();
        }
    }

    public byte[] sign(String name, byte[] data) throws KeyStorageException {
        Lock lock = locks.read(KeyRing.lockName(name));
        lock.lock();
        try {
            KeyInfo info = ring.require(name);
            if (info.algorithm() == KeyAlgorithm.AES_256_GCM) {
                throw new KeyStorageException(Reason.NOT_PERMITTED, "key " + name + " is not a signing key");
            }
            permit(info, info.algorithm(), KeyPurpose.SIGN);
            KeyVersion active = active(info);
            Signature signature = Signature.getInstance(info.algorithm() == KeyAlgorithm.EC_P256 ? "SHA256withECDSA" : "SHA384withECDSA");
            signature.initSign(ring.material(info, active.version()).privateKey(), random);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "ECDSA signing failed: " + e.getClass().getSimpleName());
        } finally {
            lock.unlock();
        }
    }

    private static void permit(KeyInfo info, KeyAlgorithm algorithm, KeyPurpose purpose) throws KeyStorageException {
        if (info.algorithm() != algorithm || !info.purposes().contains(purpose)) {
            throw new KeyStorageException(Reason.NOT_PERMITTED,
                    "key " + info.name() + " (" + info.algorithm() + ", " + info.purposes() + ") does not allow " + purpose);
        }
    }

    private static KeyVersion active(KeyInfo info) throws KeyStorageException {
        for (KeyVersion v : info.versions()) {
            if (v.state() == KeyVersionState.ACTIVE) {
                return v;
            }
        }
        throw new KeyStorageException(Reason.KEY_UNUSABLE,
                "key " + info.name() + " has no active version (retired or revoked); rotate it to create one");
    }

    private static KeyStorageException unusable(KeyInfo info, KeyVersion v) {
        return new KeyStorageException(Reason.KEY_UNUSABLE, "version " + v.version() + " of key " + info.name() + " is " + v.state());
    }

    private static byte[] aad(byte[] header, byte[] callerAad) {
        byte[] extra = callerAad == null ? new byte[0] : callerAad;
        byte[] aad = new byte[HEADER_BYTES + extra.length];
        System.arraycopy(header, 0, aad, 0, HEADER_BYTES);
        System.arraycopy(extra, 0, aad, HEADER_BYTES, extra.length);
        return aad;
    }
}
