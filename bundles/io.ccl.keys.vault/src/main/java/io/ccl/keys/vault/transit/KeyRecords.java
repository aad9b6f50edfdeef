package io.ccl.keys.vault.transit;

import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.vault.kv.Kv2;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The {@link KeyRecord}s at {@code <metadata mount>/data/<metadata path>/<key name>}. */
public final class KeyRecords {
    private final Kv2 kv;
    private final String folder;

    /** A record with the KV version it was read at, for check-and-set. */
    record Stored(KeyRecord record, int kvVersion) {
    }

    public KeyRecords(Kv2 kv, String folder) {
        this.kv = kv;
        this.folder = folder;
    }

    Optional<Stored> read(String name) throws KeyStorageException {
        Optional<Kv2.Version> v = kv.read(path(name), OptionalInt.empty());
        if (v.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Stored(KeyRecord.fromJson(name, v.get().data()), v.get().version()));
    }

    /**
     * Writes a record if the current KV version is {@code expectedVersion} (0: no record yet).
     *
     * @throws KeyStorageException {@code CAS_MISMATCH} when someone else wrote first
     */
    void write(String name, KeyRecord record, int expectedVersion) throws KeyStorageException {
        kv.write(path(name), record.toJson(), OptionalInt.of(expectedVersion));
    }

    void delete(String name) throws KeyStorageException {
        kv.deleteAll(path(name));
    }

    /** Names of all records. */
    List<String> names() throws KeyStorageException {
        List<String> out = new ArrayList<>();
        for (String n : kv.list(folder)) {
            if (!n.endsWith("/")) {
                out.add(n);
            }
        }
        out.sort(null);
        return out;
    }

    private String path(String name) {
        return folder + "/" + name;
    }
}
