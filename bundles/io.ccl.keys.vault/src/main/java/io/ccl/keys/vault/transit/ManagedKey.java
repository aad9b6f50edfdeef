package io.ccl.keys.vault.transit;

import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.KeyVersion;
import io.ccl.keys.api.KeyVersionState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A key as CCL sees it: the Transit key plus CCL's record. Version states:
 *
 * <ul>
 *   <li>REVOKED: in the record's revoked set (final);</li>
 *   <li>RETIRED: in the record's retired set, or below Vault's {@code min_decryption_version};</li>
 *   <li>ACTIVE: the latest version, unless retired or revoked;</li>
 *   <li>DECRYPT_ONLY: every other version.</li>
 * </ul>
 */
record ManagedKey(String name, KeyRecords.Stored stored, TransitKey transit) {
    KeyRecord record() {
        return stored.record();
    }

    KeyAlgorithm algorithm() {
        return record().algorithm();
    }

    KeyVersionState state(int version) throws KeyStorageException {
        if (!transit.created().containsKey(version)) {
            throw new KeyStorageException(Reason.NOT_FOUND, "key " + name + " has no version " + version);
        }
        return stateOf(version);
    }

    private KeyVersionState stateOf(int version) {
        if (record().revoked().contains(version)) {
            return KeyVersionState.REVOKED;
        }
        if (record().retired().contains(version) || version < transit.minDecryption()) {
            return KeyVersionState.RETIRED;
        }
        return version == transit.latest() ? KeyVersionState.ACTIVE : KeyVersionState.DECRYPT_ONLY;
    }

    KeyInfo info() {
        List<KeyVersion> versions = new ArrayList<>();
        for (Map.Entry<Integer, Instant> e : transit.created().entrySet()) {
            versions.add(new KeyVersion(e.getKey(), stateOf(e.getKey()), e.getValue()));
        }
        return new KeyInfo(name, algorithm(), record().purposes(), versions);
    }

    /** The version that encrypts and signs, or {@code KEY_UNUSABLE}. */
    int activeVersion() throws KeyStorageException {
        if (stateOf(transit.latest()) != KeyVersionState.ACTIVE) {
            throw new KeyStorageException(Reason.KEY_UNUSABLE,
                    "key " + name + " has no active version (retired or revoked); rotate it to create one");
        }
        return transit.latest();
    }

    /** Requires an ACTIVE or DECRYPT_ONLY version, else {@code KEY_UNUSABLE} ({@code NOT_FOUND} for no such version). */
    void requireUsable(int version) throws KeyStorageException {
        KeyVersionState s = state(version);
        if (s != KeyVersionState.ACTIVE && s != KeyVersionState.DECRYPT_ONLY) {
            throw new KeyStorageException(Reason.KEY_UNUSABLE, "version " + version + " of key " + name + " is " + s);
        }
    }

    /** Requires the algorithm family and the purpose, else {@code NOT_PERMITTED}. */
    void permit(boolean symmetric, KeyPurpose purpose) throws KeyStorageException {
        boolean isSymmetric = algorithm() == KeyAlgorithm.AES_256_GCM;
        if (isSymmetric != symmetric || !record().purposes().contains(purpose)) {
            throw new KeyStorageException(Reason.NOT_PERMITTED,
                    "key " + name + " (" + algorithm() + ", " + record().purposes() + ") does not allow " + purpose);
        }
    }

    /**
     * The {@code min_decryption_version} Vault should hold: past every retired or revoked version
     * at the bottom, so Vault itself refuses them. Capped at the latest version, which Vault
     * always keeps usable (a retired or revoked latest version is refused by CCL alone).
     */
    int minDecryptionTarget() {
        int v = transit.minDecryption();
        while (v < transit.latest() && (record().retired().contains(v) || record().revoked().contains(v))) {
            v++;
        }
        return v;
    }

    /** True while any version can still decrypt, unwrap or verify. */
    boolean hasUsableVersion() {
        for (int v : transit.created().keySet()) {
            KeyVersionState s = stateOf(v);
            if (s == KeyVersionState.ACTIVE || s == KeyVersionState.DECRYPT_ONLY) {
                return true;
            }
        }
        return false;
    }
}
