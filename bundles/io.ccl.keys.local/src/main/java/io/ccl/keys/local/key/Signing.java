package io.ccl.keys.local.key;

import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeySignature;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.KeyVersion;
import io.ccl.keys.local.disk.NameLocks;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.util.concurrent.locks.Lock;

/**
 * Sign, verify and publish public keys with stored EC keys: ASN.1 DER ECDSA, {@code
 * SHA256withECDSA} for P-256 and {@code SHA384withECDSA} for P-384 (FIPS 186-5), so any JCA,
 * OpenSSL or JOSE (after DER to raw conversion) verifier accepts the signatures. Signing uses only
 * the ACTIVE version; verifying and publishing also accept DECRYPT_ONLY versions.
 */
public final class Signing {
    private final KeyRing ring;
    private final NameLocks locks;
    private final SecureRandom random;

    public Signing(KeyRing ring, NameLocks locks, SecureRandom random) {
        this.ring = ring;
        this.locks = locks;
        this.random = random;
    }

    public KeySignature sign(String name, byte[] data) throws KeyStorageException {
        Lock lock = locks.read(KeyRing.lockName(name));
        lock.lock();
        try {
            KeyInfo info = ring.require(name);
            VersionRules.requireSigningKey(info);
            VersionRules.permit(info, info.algorithm(), KeyPurpose.SIGN);
            KeyVersion active = VersionRules.active(info);
            Signature signature = Signature.getInstance(jcaName(info.algorithm()));
            signature.initSign(ring.material(info, active.version()).privateKey(), random);
            signature.update(data);
            return new KeySignature(name, active.version(), signature.sign());
        } catch (GeneralSecurityException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "ECDSA signing failed: " + e.getClass().getSimpleName());
        } finally {
            lock.unlock();
        }
    }

    /** False when the signature does not verify, malformed signatures included. */
    public boolean verify(String name, int version, byte[] data, byte[] signature) throws KeyStorageException {
        Lock lock = locks.read(KeyRing.lockName(name));
        lock.lock();
        try {
            KeyInfo info = ring.require(name);
            VersionRules.requireSigningKey(info);
            VersionRules.permit(info, info.algorithm(), KeyPurpose.VERIFY);
            VersionRules.readable(info, version);
            Signature verifier = Signature.getInstance(jcaName(info.algorithm()));
            verifier.initVerify(ring.material(info, version).publicKey());
            verifier.update(data);
            try {
                return verifier.verify(signature);
            } catch (SignatureException e) {
                // Not DER, or r/s out of range: a signature that does not verify, not a failure.
                return false;
            }
        } catch (GeneralSecurityException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "ECDSA verification failed: " + e.getClass().getSimpleName());
        } finally {
            lock.unlock();
        }
    }

    /** The X.509 SubjectPublicKeyInfo (DER) of a version that may still verify. */
    public byte[] publicKey(String name, int version) throws KeyStorageException {
        Lock lock = locks.read(KeyRing.lockName(name));
        lock.lock();
        try {
            KeyInfo info = ring.require(name);
            VersionRules.requireSigningKey(info);
            VersionRules.readable(info, version);
            return ring.material(info, version).publicKey().getEncoded();
        } finally {
            lock.unlock();
        }
    }

    private static String jcaName(KeyAlgorithm algorithm) {
        return algorithm == KeyAlgorithm.EC_P256 ? "SHA256withECDSA" : "SHA384withECDSA";
    }
}
