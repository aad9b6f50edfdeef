package io.ccl.agents.engine.model;

import io.ccl.agents.api.ModelRefusedException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The encrypted model file: AES-256-GCM (NIST SP 800-38D) with a 96-bit random IV and a 128-bit
 * tag.
 *
 * <pre>
 * offset  size  field
 *      0     8  magic "CCLMODEL" (ASCII)
 *      8     1  format version, 1
 *      9    12  IV
 *     21     n  ciphertext || tag (16 bytes)
 * AAD = magic || version || UTF-8(model name)
 * </pre>
 *
 * The model name in the AAD binds a file to its manifest entry: renaming or swapping files between
 * entries fails authentication.
 */
public final class ModelFile {
    static final byte[] MAGIC = "CCLMODEL".getBytes(StandardCharsets.US_ASCII);
    static final byte VERSION = 1;
    static final int IV_BYTES = 12;
    static final int TAG_BITS = 128;
    static final int HEADER = MAGIC.length + 1 + IV_BYTES;
    /** AES-256 key length. */
    public static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ModelFile() {
    }

    /** Encrypts {@code plaintext} as the model {@code name}. */
    public static byte[] seal(String name, byte[] plaintext, byte[] key) throws GeneralSecurityException {
        requireKey(key);
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
        c.updateAAD(aad(name));
        byte[] out = new byte[HEADER + c.getOutputSize(plaintext.length)];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[MAGIC.length] = VERSION;
        System.arraycopy(iv, 0, out, MAGIC.length + 1, IV_BYTES);
        c.doFinal(plaintext, 0, plaintext.length, out, HEADER);
        return out;
    }

    /**
     * Decrypts a model file; the returned plaintext is the caller's to wipe.
     *
     * @throws ModelRefusedException {@code MALFORMED} for a bad header, {@code DECRYPTION_FAILED}
     *         when the tag does not verify
     */
    public static byte[] open(String name, byte[] file, byte[] key) throws ModelRefusedException {
        if (file.length < HEADER + TAG_BITS / 8 || !Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                || file[MAGIC.length] != VERSION) {
            throw new ModelRefusedException(ModelRefusedException.Reason.MALFORMED,
                    "model '" + name + "' is not a CCL encrypted model (format 1)");
        }
        if (key.length != KEY_BYTES) {
            throw new ModelRefusedException(ModelRefusedException.Reason.KEY_UNAVAILABLE,
                    "the key of model '" + name + "' is not an AES-256 key");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BITS, file, MAGIC.length + 1, IV_BYTES));
            c.updateAAD(aad(name));
            return c.doFinal(file, HEADER, file.length - HEADER);
        } catch (AEADBadTagException e) {
            throw new ModelRefusedException(ModelRefusedException.Reason.DECRYPTION_FAILED,
                    "model '" + name + "' does not authenticate: wrong key or altered file");
        } catch (GeneralSecurityException e) {
            throw new ModelRefusedException(ModelRefusedException.Reason.DECRYPTION_FAILED,
                    "model '" + name + "' cannot be decrypted (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static byte[] aad(String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] aad = new byte[MAGIC.length + 1 + n.length];
        System.arraycopy(MAGIC, 0, aad, 0, MAGIC.length);
        aad[MAGIC.length] = VERSION;
        System.arraycopy(n, 0, aad, MAGIC.length + 1, n.length);
        return aad;
    }

    private static void requireKey(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("an AES-256 key has " + KEY_BYTES + " bytes");
        }
    }
}
