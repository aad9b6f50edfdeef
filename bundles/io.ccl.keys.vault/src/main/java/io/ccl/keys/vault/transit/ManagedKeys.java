package io.ccl.keys.vault.transit;

import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.vault.auth.VaultClient;
import io.ccl.keys.vault.http.VaultErrors;
import io.ccl.keys.vault.http.VaultReply;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Loads keys: CCL's record first, then the Transit key, both read afresh for every operation so
 * that a revocation made by another replica is enforced at once.
 */
final class ManagedKeys {
    /**
     * CCL names ({@code [A-Za-z0-9._-]{1,128}}) that Vault also accepts: its path pattern
     * {@code \w(([\w-.@]+)?\w)?} wants a word character first and last.
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9._-]{0,126}[A-Za-z0-9_])?");

    private final VaultClient client;
    private final String transit;
    private final KeyRecords records;

    ManagedKeys(VaultClient client, String transit, KeyRecords records) {
        this.client = client;
        this.transit = transit;
        this.records = records;
    }

    static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    String transit() {
        return transit;
    }

    KeyRecords records() {
        return records;
    }

    VaultClient client() {
        return client;
    }

    /** The key, or empty when it does not exist (or the name is not valid). */
    Optional<ManagedKey> find(String name) throws KeyStorageException {
        if (!isValidName(name)) {
            return Optional.empty();
        }
        Optional<KeyRecords.Stored> record = records.read(name);
        if (record.isEmpty()) {
            return Optional.empty();
        }
        Optional<TransitKey> key = transitKey(name);
        if (key.isEmpty()) {
            return Optional.empty(); // a record left behind by an interrupted create or delete
        }
        String expected = TransitKey.type(record.get().record().algorithm());
        if (!expected.equals(key.get().type())) {
            throw new KeyStorageException(Reason.INTEGRITY, "transit key " + name + " is of type " + key.get().type()
                    + " but CCL recorded " + record.get().record().algorithm());
        }
        return Optional.of(new ManagedKey(name, record.get(), key.get()));
    }

    ManagedKey require(String name) throws KeyStorageException {
        return find(name).orElseThrow(() -> new KeyStorageException(Reason.NOT_FOUND, "no key " + name));
    }

    /** The Transit key alone; empty on 404. */
    Optional<TransitKey> transitKey(String name) throws KeyStorageException {
        VaultReply reply = client.call("GET", transit + "/keys/" + name, null);
        if (reply.status() == 404) {
            return Optional.empty();
        }
        if (!reply.ok()) {
            throw VaultErrors.map("read of transit key " + name, reply);
        }
        return Optional.of(TransitKey.parse(name, reply.data()));
    }
}
