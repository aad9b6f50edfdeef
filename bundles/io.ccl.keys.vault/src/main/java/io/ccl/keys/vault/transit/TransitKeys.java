package io.ccl.keys.vault.transit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.KeyVersionState;
import io.ccl.keys.vault.auth.VaultClient;
import io.ccl.keys.vault.kv.Kv2;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key lifecycle on the Transit engine: create, rotate, retire, revoke, delete; with CCL's record
 * in KV v2 (see {@link KeyRecord}).
 *
 * <p>What Vault enforces: key material never leaves Transit; only the latest version encrypts or
 * signs ({@code min_encryption_version} is raised to it on every rotation); versions below
 * {@code min_decryption_version} are refused for decrypt, rewrap and verify, and CCL raises that
 * minimum past every retired or revoked version at the bottom of the key ring; a key is deleted
 * only after {@code deletion_allowed} was set. What CCL enforces (client side, before every
 * operation, from its record): purposes; retired or revoked versions above the minimum (Vault has
 * no per-version state); a retired or revoked latest version (Vault cannot set a minimum above
 * the latest version).
 */
public final class TransitKeys {
    private static final Logger LOG = LoggerFactory.getLogger(TransitKeys.class);
    private static final Set<KeyPurpose> AES_PURPOSES = EnumSet.of(KeyPurpose.ENCRYPT, KeyPurpose.DECRYPT, KeyPurpose.WRAP, KeyPurpose.UNWRAP);
    private static final Set<KeyPurpose> EC_PURPOSES = EnumSet.of(KeyPurpose.SIGN, KeyPurpose.VERIFY);
    /** Attempts of a check-and-set record update before giving up. */
    static final int CAS_ATTEMPTS = 5;

    private final ManagedKeys keys;
    private final VaultClient client;
    private final String transit;

    public TransitKeys(VaultClient client, String transitMount, Kv2 metadataKv, String metadataPath) {
        this.client = client;
        this.transit = transitMount;
        this.keys = new ManagedKeys(client, transitMount, new KeyRecords(metadataKv, metadataPath));
    }

    /** The operations (encrypt, sign, ...) on the same keys. */
    public TransitCrypto crypto() {
        return new TransitCrypto(keys);
    }

    public KeyInfo create(String name, KeyAlgorithm algorithm, Set<KeyPurpose> purposes) throws KeyStorageException {
        if (!ManagedKeys.isValidName(name)) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT,
                    "key names are 1-128 of [A-Za-z0-9._-], starting and ending with a letter, digit or '_'");
        }
        Set<KeyPurpose> allowed = algorithm == KeyAlgorithm.AES_256_GCM ? AES_PURPOSES : EC_PURPOSES;
        if (purposes.isEmpty() || !allowed.containsAll(purposes)) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, algorithm + " keys allow the purposes " + allowed);
        }
        Optional<KeyRecords.Stored> record = keys.records().read(name);
        boolean transitExists = keys.transitKey(name).isPresent();
        if (transitExists) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, record.isPresent() ? "key " + name + " already exists"
                    : "a transit key " + name + " exists that CCL does not manage");
        }
        // The record is the commit point: check-and-set makes one creator win; a record left
        // behind without a transit key (interrupted create or delete) is overwritten.
        try {
            keys.records().write(name, KeyRecord.fresh(algorithm, purposes), record.map(KeyRecords.Stored::kvVersion).orElse(0));
        } catch (KeyStorageException e) {
            if (e.reason() == Reason.CAS_MISMATCH) {
                throw new KeyStorageException(Reason.INVALID_ARGUMENT, "key " + name + " already exists");
            }
            throw e;
        }
        ObjectNode body = client.object();
        body.put("type", TransitKey.type(algorithm));
        try {
            client.require("create of transit key " + name, "POST", transit + "/keys/" + name, body);
        } catch (KeyStorageException e) {
            forgetRecord(name);
            throw e;
        }
        LOG.info("created Vault transit key {} ({})", name, algorithm);
        return keys.require(name).info();
    }

    public Optional<KeyInfo> info(String name) throws KeyStorageException {
        Optional<ManagedKey> key = keys.find(name);
        return key.isPresent() ? Optional.of(key.get().info()) : Optional.empty();
    }

    public List<KeyInfo> list() throws KeyStorageException {
        List<KeyInfo> out = new ArrayList<>();
        for (String name : keys.records().names()) {
            keys.find(name).ifPresent(k -> out.add(k.info()));
        }
        return out;
    }

    public KeyInfo rotate(String name) throws KeyStorageException {
        keys.require(name);
        client.require("rotation of transit key " + name, "POST", transit + "/keys/" + name + "/rotate", client.object());
        ManagedKey rotated = keys.require(name);
        // Only the newest version may encrypt or sign: Vault enforces it from now on.
        ObjectNode config = client.object();
        config.put("min_encryption_version", rotated.transit().latest());
        int minDecryption = rotated.minDecryptionTarget();
        if (minDecryption > rotated.transit().minDecryption()) {
            config.put("min_decryption_version", minDecryption);
        }
        configure(name, config);
        LOG.info("rotated Vault transit key {} to version {}", name, rotated.transit().latest());
        return keys.require(name).info();
    }

    public KeyInfo setState(String name, int version, KeyVersionState state) throws KeyStorageException {
        if (state != KeyVersionState.RETIRED && state != KeyVersionState.REVOKED) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT,
                    "a version can only be retired or revoked; rotate the key for a new active version");
        }
        for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
            ManagedKey key = keys.require(name);
            KeyVersionState current = key.state(version);
            if (current == state) {
                return raiseMinimum(key);
            }
            if (current == KeyVersionState.REVOKED) {
                throw new KeyStorageException(Reason.KEY_UNUSABLE, "version " + version + " of key " + name + " is revoked; revocation is final");
            }
            try {
                keys.records().write(name, key.record().with(version, state), key.stored().kvVersion());
            } catch (KeyStorageException e) {
                if (e.reason() == Reason.CAS_MISMATCH) {
                    continue; // another writer updated the record: re-read and re-apply
                }
                throw e;
            }
            LOG.info("version {} of Vault transit key {} is now {}", version, name, state);
            return raiseMinimum(keys.require(name));
        }
        throw new KeyStorageException(Reason.UNAVAILABLE, "the record of key " + name + " kept changing; try again");
    }

    public void delete(String name) throws KeyStorageException {
        ManagedKey key = keys.require(name);
        if (key.hasUsableVersion()) {
            throw new KeyStorageException(Reason.NOT_PERMITTED,
                    "key " + name + " still has an active or decrypt-only version; retire or revoke every version first");
        }
        ObjectNode config = client.object();
        config.put("deletion_allowed", true);
        configure(name, config);
        client.require("deletion of transit key " + name, "DELETE", transit + "/keys/" + name, null);
        forgetRecord(name);
        LOG.info("deleted Vault transit key {}", name);
    }

    /** Moves Vault's {@code min_decryption_version} up to CCL's record, then returns the key's info. */
    private KeyInfo raiseMinimum(ManagedKey key) throws KeyStorageException {
        int target = key.minDecryptionTarget();
        if (target <= key.transit().minDecryption()) {
            return key.info();
        }
        ObjectNode config = client.object();
        config.put("min_decryption_version", target);
        int minEncryption = key.transit().minEncryption();
        if (minEncryption > 0 && minEncryption < target) {
            config.put("min_encryption_version", target); // Vault requires min_encryption >= min_decryption
        }
        configure(key.name(), config);
        return keys.require(key.name()).info();
    }

    private void configure(String name, ObjectNode config) throws KeyStorageException {
        client.require("configuration of transit key " + name, "POST", transit + "/keys/" + name + "/config", config);
    }

    private void forgetRecord(String name) {
        try {
            keys.records().delete(name);
        } catch (KeyStorageException e) {
            LOG.warn("the CCL record of key {} could not be removed: {}", name, e.getMessage());
        }
    }
}
