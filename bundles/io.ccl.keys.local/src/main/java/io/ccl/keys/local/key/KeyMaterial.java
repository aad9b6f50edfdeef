package io.ccl.keys.local.key;

import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.local.disk.DestroyableAesKey;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * The material of one key version, held in memory while the store is open.
 *
 * <p>Stored payload (inside the sealed {@code <version>.key}): for {@code AES_256_GCM} the 32 raw
 * key bytes; for {@code EC_P256}/{@code EC_P384} {@code len (2 bytes) || SubjectPublicKeyInfo DER
 * || PKCS#8 DER private key}. The public key is kept so that signatures can be checked and
 * published without touching the private key.
 *
 * <p>AES keys are zeroed by {@link #destroy()}. The JDK's EC private key objects keep their own
 * copy of the scalar, which Java 17 cannot destroy; it lives until garbage collection.
 */
final class KeyMaterial {
    private final KeyAlgorithm algorithm;
    private final DestroyableAesKey aes;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private KeyMaterial(KeyAlgorithm algorithm, DestroyableAesKey aes, PrivateKey privateKey, PublicKey publicKey) {
        this.algorithm = algorithm;
        this.aes = aes;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    static KeyMaterial generate(KeyAlgorithm algorithm, SecureRandom random) throws KeyStorageException {
        if (algorithm == KeyAlgorithm.AES_256_GCM) {
            byte[] bytes = new byte[DestroyableAesKey.LENGTH];
            random.nextBytes(bytes);
            try {
                return new KeyMaterial(algorithm, new DestroyableAesKey(bytes), null, null);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve(algorithm)), random);
            KeyPair pair = generator.generateKeyPair();
            return new KeyMaterial(algorithm, null, pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "EC key generation failed: " + e.getClass().getSimpleName());
        }
    }

    /** The stored payload; the caller zeroes it. */
    byte[] encode() {
        if (algorithm == KeyAlgorithm.AES_256_GCM) {
            return aes.getEncoded();
        }
        byte[] spki = publicKey.getEncoded();
        byte[] pkcs8 = privateKey.getEncoded();
        try {
            return ByteBuffer.allocate(2 + spki.length + pkcs8.length).putShort((short) spki.length).put(spki).put(pkcs8).array();
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    static KeyMaterial decode(KeyAlgorithm algorithm, byte[] payload) throws KeyStorageException {
        if (algorithm == KeyAlgorithm.AES_256_GCM) {
            if (payload.length != DestroyableAesKey.LENGTH) {
                throw new KeyStorageException(Reason.INTEGRITY, "AES key has the wrong length");
            }
            return new KeyMaterial(algorithm, new DestroyableAesKey(payload), null, null);
        }
        byte[] pkcs8 = null;
        try {
            ByteBuffer in = ByteBuffer.wrap(payload);
            byte[] spki = new byte[Short.toUnsignedInt(in.getShort())];
            in.get(spki);
            pkcs8 = new byte[in.remaining()];
            in.get(pkcs8);
            KeyFactory factory = KeyFactory.getInstance("EC");
            PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(spki));
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            int bits = ((ECPublicKey) publicKey).getParams().getCurve().getField().getFieldSize();
            if (bits != (algorithm == KeyAlgorithm.EC_P256 ? 256 : 384)) {
                throw new KeyStorageException(Reason.INTEGRITY, "EC key is not on the curve of " + algorithm);
            }
            return new KeyMaterial(algorithm, null, privateKey, publicKey);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeyStorageException(Reason.INTEGRITY, "EC key does not decode");
        } finally {
            if (pkcs8 != null) {
                Arrays.fill(pkcs8, (byte) 0);
            }
        }
    }

    KeyAlgorithm algorithm() {
        return algorithm;
    }

    SecretKey aesKey() {
        return aes;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    PublicKey publicKey() {
        return publicKey;
    }

    void destroy() {
        if (aes != null) {
            aes.destroy();
        }
    }

    private static String curve(KeyAlgorithm algorithm) {
        return algorithm == KeyAlgorithm.EC_P256 ? "secp256r1" : "secp384r1";
    }
}
