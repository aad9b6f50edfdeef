package io.ccl.keys.pkcs11.key;

import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.KeyVersion;
import io.ccl.keys.api.KeyVersionState;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/** What CCL itself enforces before it asks the token: names, purposes and version states. */
final class KeyRules {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Set<KeyPurpose> AES = EnumSet.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT, KeyPurpose.WRAP, KeyPurpose.UNWRAP);
    private static final Set<KeyPurpose> EC = EnumSet.of(KeyPurpose.SIGN, KeyPurpose.VERIFY);

    private KeyRules() {
    }

    static Set<KeyPurpose> allowed(KeyAlgorithm algorithm) {
        return algorithm == KeyAlgorithm.AES_256_GCM ? AES : EC;
    }

    static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }

    static void checkName(String name) throws KeyStorageException {
        if (!isValidName(name)) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "key names are 1-128 of [A-Za-z0-9._-], not . or ..");
        }
    }

    /** {@code NOT_PERMITTED} unless the key has {@code algorithm} (null: any EC) and {@code purpose}. */
    static void permit(KeyInfo info, KeyAlgorithm algorithm, KeyPurpose purpose) throws KeyStorageException {
        boolean algorithmFits = algorithm == null ? info.algorithm() != KeyAlgorithm.AES_256_GCM : info.algorithm() == algorithm;
        if (!algorithmFits || !info.purposes().contains(purpose)) {
            throw new KeyStorageException(Reason.NOT_PERMITTED,
                    "key " + info.name() + " (" + info.algorithm() + ", " + info.purposes() + ") does not allow " + purpose);
        }
    }

    /** The ACTIVE version, or {@code KEY_UNUSABLE}. */
    static KeyVersion active(KeyInfo info) throws KeyStorageException {
        for (KeyVersion v : info.versions()) {
            if (v.state() == KeyVersionState.ACTIVE) {
                return v;
            }
        }
        throw new KeyStorageException(Reason.KEY_UNUSABLE,
                "key " + info.name() + " has no active version (retired or revoked); rotate it to create one");
    }

    /** One version, or {@code NOT_FOUND}. */
    static KeyVersion version(KeyInfo info, int version) throws KeyStorageException {
        if (version < 1 || version > info.versions().size()) {
            throw new KeyStorageException(Reason.NOT_FOUND, "key " + info.name() + " has no version " + version);
        }
        return info.versions().get(version - 1);
    }

    /** One version that is ACTIVE or DECRYPT_ONLY, or {@code NOT_FOUND} / {@code KEY_UNUSABLE}. */
    static KeyVersion usable(KeyInfo info, int version) throws KeyStorageException {
        KeyVersion v = version(info, version);
        if (v.state() != KeyVersionState.ACTIVE && v.state() != KeyVersionState.DECRYPT_ONLY) {
            throw new KeyStorageException(Reason.KEY_UNUSABLE, "version " + version + " of key " + info.name() + " is " + v.state());
        }
        return v;
    }

    /** True while any version is ACTIVE or DECRYPT_ONLY. */
    static boolean hasUsableVersion(KeyInfo info) {
        return info.versions().stream().anyMatch(v -> v.state() == KeyVersionState.ACTIVE || v.state() == KeyVersionState.DECRYPT_ONLY);
    }
}
