package io.ccl.keys.vault.kv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccl.keys.api.InsecureSecretAccess;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.Secret;
import io.ccl.keys.api.SecretBytes;
import io.ccl.keys.api.SecretVersion;
import io.ccl.keys.vault.http.VaultPaths;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Secrets {@code repo/type/tag} as KV v2 entries {@code <prefix>/<repo>/<type>/<tag>} holding
 * {@code {"value": "<base64 of the secret>"}}. Versions, check-and-set, soft delete and destroy are
 * KV v2's own; this class only translates.
 */
public final class KvSecrets {
    /** Largest secret accepted, as in the local store. */
    public static final int MAX_SECRET_BYTES = 1 << 20;
    /** The member of the KV data object that holds the base64 value. */
    public static final String VALUE = "value";

    private final Kv2 kv;
    private final String prefix;
    private final Set<String> hiddenFolders;
    private final Clock clock;

    /**
     * @param prefix folder below the mount, may be empty
     * @param hiddenFolders top-level folders never listed as repos (the key records, when they
     *     share the mount and the prefix is empty)
     */
    public KvSecrets(Kv2 kv, String prefix, Set<String> hiddenFolders, Clock clock) {
        this.kv = kv;
        this.prefix = VaultPaths.checkOptional(prefix);
        this.hiddenFolders = Set.copyOf(hiddenFolders);
        this.clock = clock;
    }

    public int put(ResourcePath path, SecretBytes value, OptionalInt cas) throws KeyStorageException {
        if (path.tag().endsWith(".")) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "Vault paths cannot end with '.': " + path);
        }
        if (value.size() > MAX_SECRET_BYTES) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "secrets are at most " + MAX_SECRET_BYTES + " bytes");
        }
        if (cas.isPresent() && cas.getAsInt() < 0) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "cas must be 0 or a version number");
        }
        byte[] raw = value.reveal(InsecureSecretAccess.get());
        ObjectNode data;
        try {
            data = kvObject(Base64.getEncoder().encodeToString(raw));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
        return kv.write(kvPath(path), data, cas);
    }

    /** The newest live version (empty {@code version}) or one version. */
    public Optional<Secret> get(ResourcePath path, OptionalInt version) throws KeyStorageException {
        if (version.isPresent() && version.getAsInt() < 1) {
            return Optional.empty(); // Vault would read version 0 as "the newest"
        }
        if (path.tag().endsWith(".")) {
            return Optional.empty();
        }
        Optional<Kv2.Version> read = kv.read(kvPath(path), version);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        JsonNode value = read.get().data().path(VALUE);
        if (!value.isTextual()) {
            throw new KeyStorageException(Reason.INTEGRITY, "Vault entry for " + path + " is not a CCL secret (no base64 value)");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(value.asText());
        } catch (IllegalArgumentException e) {
            throw new KeyStorageException(Reason.INTEGRITY, "Vault entry for " + path + " holds a malformed base64 value");
        }
        try {
            return Optional.of(new Secret(path, read.get().version(), SecretBytes.copyOf(raw, InsecureSecretAccess.get()),
                    read.get().createdAt()));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** Every {@code repo/type/tag} below the prefix with at least one live version, sorted. */
    public List<ResourcePath> list() throws KeyStorageException {
        List<ResourcePath> out = new ArrayList<>();
        for (String repo : folders(prefix)) {
            if (prefix.isEmpty() && hiddenFolders.contains(repo)) {
                continue;
            }
            for (String type : folders(join(prefix, repo))) {
                for (String tag : kv.list(join(join(prefix, repo), type))) {
                    if (tag.endsWith("/")) {
                        continue;
                    }
                    ResourcePath path;
                    try {
                        path = new ResourcePath(repo, type, tag);
                    } catch (IllegalArgumentException e) {
                        continue; // not written by CCL
                    }
                    if (hasLiveVersion(path)) {
                        out.add(path);
                    }
                }
            }
        }
        out.sort(Comparator.comparing(ResourcePath::toString));
        return out;
    }

    public boolean deleteAll(ResourcePath path) throws KeyStorageException {
        if (kv.metadata(kvPath(path)).isEmpty()) {
            return false;
        }
        kv.deleteAll(kvPath(path));
        return true;
    }

    public List<SecretVersion> versions(ResourcePath path) throws KeyStorageException {
        Optional<Kv2.Metadata> meta = kv.metadata(kvPath(path));
        if (meta.isEmpty()) {
            return List.of();
        }
        List<SecretVersion> out = new ArrayList<>();
        for (Kv2.VersionMeta v : meta.get().versions()) {
            out.add(new SecretVersion(v.version(), v.createdAt(), state(v)));
        }
        return out;
    }

    public boolean deleteVersion(ResourcePath path, int version) throws KeyStorageException {
        Optional<Kv2.VersionMeta> v = versionMeta(path, version);
        if (v.isEmpty() || state(v.get()) != SecretVersion.State.LIVE) {
            return false;
        }
        kv.delete(kvPath(path), version);
        return true;
    }

    public boolean destroyVersion(ResourcePath path, int version) throws KeyStorageException {
        Optional<Kv2.VersionMeta> v = versionMeta(path, version);
        if (v.isEmpty() || v.get().destroyed()) {
            return false;
        }
        kv.destroy(kvPath(path), version);
        return true;
    }

    private Optional<Kv2.VersionMeta> versionMeta(ResourcePath path, int version) throws KeyStorageException {
        if (version < 1) {
            return Optional.empty();
        }
        return kv.metadata(kvPath(path)).flatMap(m -> m.version(version));
    }

    private boolean hasLiveVersion(ResourcePath path) throws KeyStorageException {
        for (SecretVersion v : versions(path)) {
            if (v.state() == SecretVersion.State.LIVE) {
                return true;
            }
        }
        return false;
    }

    private SecretVersion.State state(Kv2.VersionMeta v) {
        if (v.destroyed()) {
            return SecretVersion.State.DESTROYED;
        }
        Instant now = clock.instant();
        if (v.deletionTime().isPresent() && !v.deletionTime().get().isAfter(now)) {
            return SecretVersion.State.DELETED;
        }
        return SecretVersion.State.LIVE;
    }

    private List<String> folders(String folder) throws KeyStorageException {
        List<String> out = new ArrayList<>();
        for (String name : kv.list(folder)) {
            if (name.endsWith("/") && name.length() > 1) {
                out.add(name.substring(0, name.length() - 1));
            }
        }
        return out;
    }

    private ObjectNode kvObject(String base64) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put(VALUE, base64);
        return data;
    }

    private String kvPath(ResourcePath path) {
        return join(prefix, path.toString());
    }

    private static String join(String folder, String name) {
        return folder.isEmpty() ? name : folder + "/" + name;
    }
}
