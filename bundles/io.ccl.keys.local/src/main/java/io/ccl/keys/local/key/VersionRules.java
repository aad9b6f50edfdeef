package io.ccl.keys.local.key;

import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.KeyVersion;
import io.ccl.keys.api.KeyVersionState;

/**
 * The checks every key operation makes, in one order: the key exists ({@code NOT_FOUND}), its
 * algorithm and purposes allow the operation ({@code NOT_PERMITTED}), then the version exists
 * ({@code NOT_FOUND}) and its state allows it ({@code KEY_UNUSABLE}). New material is made only
 * with the ACTIVE version; ACTIVE and DECRYPT_ONLY versions decrypt, unwrap and verify.
 */
final class VersionRules {
    private VersionRules() {
    }

    static void permit(KeyInfo info, KeyAlgorithm algorithm, KeyPurpose purpose) throws KeyStorageException {
        if (info.algorithm() != algorithm || !info.purposes().contains(purpose)) {
            throw new KeyStorageException(Reason.NOT_PERMITTED,
                    "key " + info.name() + " (" + info.algorithm() + ", " + info.purposes() + ") does not allow " + purpose);
        }
    }

    /** Refuses AES keys for signature operations. */
    static void requireSigningKey(KeyInfo info) throws KeyStorageException {
        if (info.algorithm() == KeyAlgorithm.AES_256_GCM) {
            throw new KeyStorageException(Reason.NOT_PERMITTED, "key " + info.name() + " is not a signing key");
        }
    }

    /** The ACTIVE version, or {@code KEY_UNUSABLE} when every version is retired or revoked. */
    static KeyVersion active(KeyInfo info) throws KeyStorageException {
        for (KeyVersion v : info.versions()) {
            if (v.state() == KeyVersionState.ACTIVE) {
                return v;
            }
        }
        throw new KeyStorageException(Reason.KEY_UNUSABLE,
                "key " + info.name() + " has no active version (retired or revoked); rotate it to create one");
    }

    /** A version that may decrypt, unwrap or verify: ACTIVE or DECRYPT_ONLY. */
    static KeyVersion readable(KeyInfo info, int version) throws KeyStorageException {
        KeyVersion v = KeyRing.version(info, version);
        if (v.state() != KeyVersionState.ACTIVE && v.state() != KeyVersionState.DECRYPT_ONLY) {
            throw new KeyStorageException(Reason.KEY_UNUSABLE, "version " + v.version() + " of key " + info.name() + " is " + v.state());
        }
        return v;
    }
}
