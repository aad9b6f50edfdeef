package io.ccl.keys.pkcs11.key;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EC_POINT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_GENERIC_SECRET;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_GCM;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_KEY_WRAP;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_ECDSA;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PUBLIC_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_SECRET_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_SIGNATURE_INVALID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_SIGNATURE_LEN_RANGE;

import io.ccl.keys.api.DataKey;
import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeySignature;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.KeyVersion;
import io.ccl.keys.api.SecretBytes;
import io.ccl.keys.pkcs11.layout.Labels;
import io.ccl.keys.pkcs11.layout.NameLocks;
import io.ccl.keys.pkcs11.token.TokenObjects;
import io.ccl.keys.pkcs11.token.TokenSessions;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.params.GCM_PARAMS;

/**
 * Encrypt, decrypt, wrap, unwrap, sign and verify through the token, after the checks CCL makes
 * itself (algorithm, purpose, version state). See the bundle README for the formats:
 *
 * <pre>
 * ciphertext  0x01 | version (4, big-endian) | IV (12) | AES-256-GCM ciphertext and 128-bit tag
 *             GCM additional data = the 5 header bytes || the caller's aad
 * wrapped     0x02 | version (4, big-endian) | RFC 3394 AES key wrap (CKM_AES_KEY_WRAP) of the frame
 *             frame = the 5 header bytes | random nonce (8) | key length (2) | key | zeros up to a multiple of 8
 * </pre>
 */
public final class KeyCrypto {
    private static final byte CIPHERTEXT = 0x01;
    private static final byte WRAPPED = 0x02;
    private static final int HEADER_BYTES = 5;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int TAG_BYTES = TAG_BITS / 8;
    private static final int NONCE_BYTES = 8;
    private static final int LENGTH_BYTES = 2;
    private static final int FRAME_PREFIX = HEADER_BYTES + NONCE_BYTES + LENGTH_BYTES;
    private static final int KW_BLOCK = 8;
    /** Largest key {@link #wrap} accepts. */
    public static final int MAX_WRAP_BYTES = 4096;
    private static final int DATA_KEY_BYTES = 32;

    private final TokenSessions sessions;
    private final KeyCatalog catalog;
    private final TokenObjects objects;
    private final Labels labels;
    private final NameLocks locks;
    private final SecureRandom random;

    /** An operation on one key, under its read lock. */
    @FunctionalInterface
    private interface KeyOperation<T> {
        T apply(KeyInfo info) throws KeyStorageException;
    }

    public KeyCrypto(TokenSessions sessions, KeyCatalog catalog, TokenObjects objects, Labels labels, NameLocks locks,
            SecureRandom random) {
        this.sessions = sessions;
        this.catalog = catalog;
        this.objects = objects;
        this.labels = labels;
        this.locks = locks;
        this.random = random;
    }

    public byte[] encrypt(String name, byte[] plaintext, byte[] aad) throws KeyStorageException {
        return withKey(name, info -> {
            KeyRules.permit(info, KeyAlgorithm.AES_256_GCM, KeyPurpose.ENCRYPT);
            return encrypt(info, KeyRules.active(info), plaintext, aad);
        });
    }

    public byte[] decrypt(String name, byte[] ciphertext, byte[] aad) throws KeyStorageException {
        return withKey(name, info -> {
            KeyRules.permit(info, KeyAlgorithm.AES_256_GCM, KeyPurpose.DECRYPT);
            return decrypt(info, KeyRules.usable(info, ciphertextVersion(ciphertext)), ciphertext, aad);
        });
    }

    /**
     * Decrypts and re-encrypts under the active version. PKCS#11 has no re-encrypt call, and
     * moving the plaintext from GCM to GCM inside the token would need {@code C_UnwrapKey} with
     * {@code CKM_AES_GCM}, which SoftHSM 2.6 and many HSMs do not offer. So the plaintext passes
     * through this JVM for the length of the call and is zeroed at once.
     */
    public byte[] rewrap(String name, byte[] ciphertext, byte[] aad) throws KeyStorageException {
        return withKey(name, info -> {
            KeyRules.permit(info, KeyAlgorithm.AES_256_GCM, KeyPurpose.DECRYPT);
            KeyRules.permit(info, KeyAlgorithm.AES_256_GCM, KeyPurpose.ENCRYPT);
            KeyVersion source = KeyRules.usable(info, ciphertextVersion(ciphertext));
            KeyVersion active = KeyRules.active(info);
            byte[] plaintext = decrypt(info, source, ciphertext, aad);
            try {
                return encrypt(info, active, plaintext, aad);
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        });
    }

    public byte[] wrap(String name, SecretBytes key) throws KeyStorageException {
        byte[] material = reveal(key);
        try {
            return withKey(name, info -> {
                KeyRules.permit(info, KeyAlgorithm.AES_256_GCM, KeyPurpose.WRAP);
                return wrap(info, KeyRules.active(info), material);
            });
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    public SecretBytes unwrap(String name, byte[] wrapped) throws KeyStorageException {
        return withKey(name, info -> {
            KeyRules.permit(info, KeyAlgorithm.AES_256_GCM, KeyPurpose.UNWRAP);
            if (wrapped.length < HEADER_BYTES + 3 * KW_BLOCK || wrapped[0] != WRAPPED || (wrapped.length - HEADER_BYTES) % KW_BLOCK != 0) {
                throw new KeyStorageException(Reason.INTEGRITY, "not a wrapped key of this key store");
            }
            int version = ByteBuffer.wrap(wrapped, 1, 4).getInt();
            KeyRules.usable(info, version);
            String label = labels.keyVersion(name, version);
            byte[] body = Arrays.copyOfRange(wrapped, HEADER_BYTES, wrapped.length);
            byte[] frame = sessions.callAuthenticated("unwrapping with key " + name + " v" + version, s -> {
                long unwrapped = objects.withObject(s, CKO_SECRET_KEY, label,
                        h -> s.unwrapKey(new Mechanism(CKM_AES_KEY_WRAP), h, body, sessionKeyTemplate(false)));
                try {
                    byte[] value = TokenObjects.value(s, unwrapped);
                    if (value == null) {
                        throw new KeyStorageException(Reason.NOT_PERMITTED,
                                "the token withholds unwrapped key material (it makes unwrapped keys sensitive)");
                    }
                    return value;
                } finally {
                    s.destroyObject(unwrapped);
                }
            });
            try {
                return SecretBytes.copyOf(unframe(Arrays.copyOf(wrapped, HEADER_BYTES), frame, body.length - KW_BLOCK),
                        InsecureSecretAccess.get());
            } finally {
                TokenObjects.zero(frame);
            }
        });
    }

    /**
     * A fresh AES-256 data key from the token's random number generator ({@code C_GenerateRandom}),
     * wrapped exactly as {@link #wrap} does.
     */
    public DataKey generateDataKey(String name) throws KeyStorageException {
        return withKey(name, info -> {
            KeyRules.permit(info, KeyAlgorithm.AES_256_GCM, KeyPurpose.WRAP);
            KeyVersion active = KeyRules.active(info);
            byte[] key = sessions.call("drawing a data key from the token", s -> s.generateRandom(DATA_KEY_BYTES));
            try {
                if (key == null || key.length != DATA_KEY_BYTES) {
                    throw new KeyStorageException(Reason.UNAVAILABLE, "the token returned no random bytes");
                }
                byte[] wrapped = wrap(info, active, key);
                return new DataKey(SecretBytes.copyOf(key, InsecureSecretAccess.get()), wrapped, name, active.version());
            } finally {
                TokenObjects.zero(key);
            }
        });
    }

    /** Signs the SHA-256 (P-256) or SHA-384 (P-384) digest of {@code data} with CKM_ECDSA. */
    public KeySignature sign(String name, byte[] data) throws KeyStorageException {
        return withKey(name, info -> {
            KeyRules.permit(info, null, KeyPurpose.SIGN);
            KeyVersion active = KeyRules.active(info);
            byte[] digest = Ecdsa.digest(info.algorithm(), data);
            String label = labels.keyVersion(name, active.version());
            byte[] raw = sessions.call("signing with key " + name + " v" + active.version(),
                    s -> objects.withObject(s, CKO_PRIVATE_KEY, label, h -> s.signSingle(new Mechanism(CKM_ECDSA), h, digest)));
            if (raw == null || raw.length != 2 * Ecdsa.scalarBytes(info.algorithm())) {
                throw new KeyStorageException(Reason.UNAVAILABLE, "the token returned a malformed ECDSA signature");
            }
            return new KeySignature(name, active.version(), Ecdsa.toDer(raw));
        });
    }

    /** Verifies a DER signature through the token; a malformed signature does not verify. */
    public boolean verify(String name, int version, byte[] data, byte[] signature) throws KeyStorageException {
        return withKey(name, info -> {
            KeyRules.permit(info, null, KeyPurpose.VERIFY);
            KeyRules.usable(info, version);
            Optional<byte[]> raw = Ecdsa.toRaw(signature, Ecdsa.scalarBytes(info.algorithm()));
            if (raw.isEmpty()) {
                return false;
            }
            byte[] digest = Ecdsa.digest(info.algorithm(), data);
            String label = labels.keyVersion(name, version);
            return sessions.call("verifying with key " + name + " v" + version,
                    s -> objects.withObject(s, CKO_PUBLIC_KEY, label, h -> {
                        try {
                            s.verifySingle(new Mechanism(CKM_ECDSA), h, digest, raw.get());
                            return true;
                        } catch (PKCS11Exception e) {
                            if (e.getErrorCode() == CKR_SIGNATURE_INVALID || e.getErrorCode() == CKR_SIGNATURE_LEN_RANGE) {
                                return false;
                            }
                            throw e;
                        }
                    }));
        });
    }

    /** The SubjectPublicKeyInfo of an ACTIVE or DECRYPT_ONLY version, from CKA_EC_POINT. */
    public byte[] publicKey(String name, int version) throws KeyStorageException {
        return withKey(name, info -> {
            if (info.algorithm() == KeyAlgorithm.AES_256_GCM) {
                throw new KeyStorageException(Reason.NOT_PERMITTED, "key " + name + " is not an EC key");
            }
            KeyRules.usable(info, version);
            String label = labels.keyVersion(name, version);
            byte[] point = sessions.call("reading the public key of " + name + " v" + version,
                    s -> objects.withObject(s, CKO_PUBLIC_KEY, label, h -> s.getAttrValues(h, CKA_EC_POINT).ecPoint()));
            return Ecdsa.subjectPublicKeyInfo(info.algorithm(), point);
        });
    }

    private byte[] encrypt(KeyInfo info, KeyVersion version, byte[] plaintext, byte[] aad) throws KeyStorageException {
        byte[] header = header(CIPHERTEXT, version.version());
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        byte[] fullAad = concat(header, aad);
        String label = labels.keyVersion(info.name(), version.version());
        byte[] sealed = sessions.call("encrypting with key " + info.name() + " v" + version.version(),
                s -> objects.withObject(s, CKO_SECRET_KEY, label, h -> gcmEncrypt(s, h, iv, fullAad, plaintext)));
        if (sealed == null || sealed.length != plaintext.length + TAG_BYTES) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "the token returned a ciphertext of the wrong length");
        }
        return ByteBuffer.allocate(HEADER_BYTES + IV_BYTES + sealed.length).put(header).put(iv).put(sealed).array();
    }

    private byte[] decrypt(KeyInfo info, KeyVersion version, byte[] ciphertext, byte[] aad) throws KeyStorageException {
        byte[] iv = Arrays.copyOfRange(ciphertext, HEADER_BYTES, HEADER_BYTES + IV_BYTES);
        byte[] sealed = Arrays.copyOfRange(ciphertext, HEADER_BYTES + IV_BYTES, ciphertext.length);
        byte[] fullAad = concat(Arrays.copyOf(ciphertext, HEADER_BYTES), aad);
        String label = labels.keyVersion(info.name(), version.version());
        byte[] plaintext = sessions.callAuthenticated("decrypting with key " + info.name() + " v" + version.version(),
                s -> objects.withObject(s, CKO_SECRET_KEY, label,
                        h -> s.decryptSingle(new Mechanism(CKM_AES_GCM, new GCM_PARAMS(iv, fullAad, TAG_BITS)), h, sealed)));
        return plaintext == null ? new byte[0] : plaintext;
    }

    private static byte[] gcmEncrypt(Session s, long key, byte[] iv, byte[] aad, byte[] plaintext) throws PKCS11Exception {
        Mechanism mechanism = new Mechanism(CKM_AES_GCM, new GCM_PARAMS(iv, aad, TAG_BITS));
        if (plaintext.length > 0) {
            return s.encryptSingle(mechanism, key, plaintext);
        }
        // SoftHSM 2.6 answers C_Encrypt with no data by CKR_ARGUMENTS_BAD; C_EncryptFinal alone
        // yields the tag of the empty message (checked against the JDK's GCM).
        s.encryptInit(mechanism, key);
        return s.encryptFinal();
    }

    private byte[] wrap(KeyInfo info, KeyVersion version, byte[] material) throws KeyStorageException {
        if (material.length == 0 || material.length > MAX_WRAP_BYTES) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "key material to wrap must be 1-" + MAX_WRAP_BYTES + " bytes");
        }
        byte[] header = header(WRAPPED, version.version());
        byte[] frame = frame(header, material);
        String label = labels.keyVersion(info.name(), version.version());
        try {
            byte[] body = sessions.call("wrapping with key " + info.name() + " v" + version.version(), s -> {
                long input = s.createObject(sessionKeyTemplate(true).value(frame));
                try {
                    return objects.withObject(s, CKO_SECRET_KEY, label, h -> s.wrapKey(new Mechanism(CKM_AES_KEY_WRAP), h, input));
                } finally {
                    s.destroyObject(input);
                }
            });
            if (body == null || body.length != frame.length + KW_BLOCK) {
                throw new KeyStorageException(Reason.UNAVAILABLE, "the token returned a wrapped key of the wrong length");
            }
            return ByteBuffer.allocate(HEADER_BYTES + body.length).put(header).put(body).array();
        } finally {
            TokenObjects.zero(frame);
        }
    }

    /**
     * The plaintext of the RFC 3394 wrap. RFC 3394 needs a multiple of 8 bytes and carries no
     * length; RFC 5649 (CKM_AES_KEY_WRAP_PAD) would, but SoftHSM 2.6.1 implements it incompatibly
     * (its output differs from the JDK's AES/KWP for lengths that are not a multiple of 8, and its
     * unwrap returns the padded length). So the store frames the key itself: the header binds the
     * version, the random nonce makes two wraps of one key differ (RFC 3394 alone is
     * deterministic), the length survives the padding, and RFC 3394's integrity check covers all.
     */
    private byte[] frame(byte[] header, byte[] material) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        return ByteBuffer.allocate(frameSize(material.length)).put(header).put(nonce).putShort((short) material.length).put(material)
                .array();
    }

    private static int frameSize(int materialLength) {
        return (FRAME_PREFIX + materialLength + KW_BLOCK - 1) / KW_BLOCK * KW_BLOCK;
    }

    private static byte[] unframe(byte[] header, byte[] frame, int expectedLength) throws KeyStorageException {
        if (frame == null || frame.length != expectedLength || !Arrays.equals(Arrays.copyOf(frame, HEADER_BYTES), header)) {
            throw new KeyStorageException(Reason.INTEGRITY, "wrapped key does not match its header");
        }
        int length = Short.toUnsignedInt(ByteBuffer.wrap(frame, HEADER_BYTES + NONCE_BYTES, LENGTH_BYTES).getShort());
        int start = FRAME_PREFIX;
        if (length == 0 || length > MAX_WRAP_BYTES || frame.length != frameSize(length)) {
            throw new KeyStorageException(Reason.INTEGRITY, "wrapped key has an invalid length");
        }
        for (int i = start + length; i < frame.length; i++) {
            if (frame[i] != 0) {
                throw new KeyStorageException(Reason.INTEGRITY, "wrapped key has invalid padding");
            }
        }
        return Arrays.copyOfRange(frame, start, start + length);
    }

    /**
     * A session (never token) generic secret holding a frame: sensitive when it is the input of
     * a wrap, readable when it is the output of an unwrap (the API returns the key in clear).
     */
    private static AttributeVector sessionKeyTemplate(boolean input) {
        return AttributeVector.newSecretKey(CKK_GENERIC_SECRET).token(false).private_(true).sensitive(input).extractable(true);
    }

    private <T> T withKey(String name, KeyOperation<T> operation) throws KeyStorageException {
        Lock lock = locks.read(KeyCatalog.lockName(name));
        lock.lock();
        try {
            return operation.apply(catalog.require(name).info());
        } finally {
            lock.unlock();
        }
    }

    private static int ciphertextVersion(byte[] ciphertext) throws KeyStorageException {
        if (ciphertext.length < HEADER_BYTES + IV_BYTES + TAG_BYTES || ciphertext[0] != CIPHERTEXT) {
            throw new KeyStorageException(Reason.INTEGRITY, "not a ciphertext of this key store");
        }
        return ByteBuffer.wrap(ciphertext, 1, 4).getInt();
    }

    private static byte[] header(byte format, int version) {
        return ByteBuffer.allocate(HEADER_BYTES).put(format).putInt(version).array();
    }

    private static byte[] concat(byte[] header, byte[] aad) {
        byte[] extra = aad == null ? new byte[0] : aad;
        byte[] out = new byte[header.length + extra.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(extra, 0, out, header.length, extra.length);
        return out;
    }

    private static byte[] reveal(SecretBytes key) throws KeyStorageException {
        try {
            return key.reveal(InsecureSecretAccess.get());
        } catch (IllegalStateException e) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "key material was destroyed");
        }
    }
}
