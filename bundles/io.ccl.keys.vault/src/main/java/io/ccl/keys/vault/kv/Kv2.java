package io.ccl.keys.vault.kv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import io.ccl.keys.vault.auth.VaultClient;
import io.ccl.keys.vault.http.VaultErrors;
import io.ccl.keys.vault.http.VaultPaths;
import io.ccl.keys.vault.http.VaultReply;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The KV secrets engine version 2 at one mount, as documented for Vault and OpenBao:
 * {@code data/} (versioned read and write with {@code options.cas}), {@code metadata/} (versions,
 * {@code LIST}, delete of everything), {@code delete/} (soft delete of versions) and
 * {@code destroy/} (permanent erasure of versions). Paths are already validated by the caller.
 */
public final class Kv2 {
    private final VaultClient client;
    private final String mount;

    /** One readable version. */
    public record Version(int version, Instant createdAt, JsonNode data) {
    }

    /** Metadata of one version: a version is deleted once its deletion time has passed. */
    public record VersionMeta(int version, Instant createdAt, Optional<Instant> deletionTime, boolean destroyed) {
    }

    /** Metadata of a path, versions oldest first (versions beyond {@code max_versions} are gone). */
    public record Metadata(int currentVersion, List<VersionMeta> versions) {
        public Optional<VersionMeta> version(int v) {
            return versions.stream().filter(m -> m.version() == v).findFirst();
        }
    }

    public Kv2(VaultClient client, String mount) {
        this.client = client;
        this.mount = VaultPaths.check(mount);
    }

    public String mount() {
        return mount;
    }

    /**
     * Writes a new version.
     *
     * @param cas when present, {@code options.cas}: Vault writes only if the current version equals it
     * @return the new version number
     * @throws KeyStorageException {@code CAS_MISMATCH} on "check-and-set parameter did not match the current version"
     */
    public int write(String path, ObjectNode data, OptionalInt cas) throws KeyStorageException {
        ObjectNode body = client.object();
        body.set("data", data);
        if (cas.isPresent()) {
            body.putObject("options").put("cas", cas.getAsInt());
        }
        VaultReply reply = client.require("write of " + mount + "/" + path, "POST", mount + "/data/" + path, body);
        int version = reply.data().path("version").asInt(0);
        if (version < 1) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "Vault returned no version for the write of " + mount + "/" + path);
        }
        return version;
    }

    /** A version (the newest when {@code version} is empty); empty when it is missing, deleted or destroyed (404). */
    public Optional<Version> read(String path, OptionalInt version) throws KeyStorageException {
        String query = version.isPresent() ? "?version=" + version.getAsInt() : "";
        VaultReply reply = client.call("GET", mount + "/data/" + path + query, null);
        if (reply.status() == 404) {
            return Optional.empty();
        }
        if (!reply.ok()) {
            throw VaultErrors.map("read of " + mount + "/" + path, reply);
        }
        JsonNode data = reply.data().path("data");
        JsonNode meta = reply.data().path("metadata");
        if (!data.isObject() || meta.path("version").asInt(0) < 1) {
            throw new KeyStorageException(Reason.INTEGRITY, "Vault returned a malformed KV v2 version for " + mount + "/" + path);
        }
        return Optional.of(new Version(meta.path("version").asInt(), time(meta.path("created_time")).orElse(Instant.EPOCH), data));
    }

    /** The metadata of a path; empty when the path has none (404). */
    public Optional<Metadata> metadata(String path) throws KeyStorageException {
        VaultReply reply = client.call("GET", mount + "/metadata/" + path, null);
        if (reply.status() == 404) {
            return Optional.empty();
        }
        if (!reply.ok()) {
            throw VaultErrors.map("metadata read of " + mount + "/" + path, reply);
        }
        List<VersionMeta> versions = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : reply.data().path("versions").properties()) {
            int v;
            try {
                v = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                throw new KeyStorageException(Reason.INTEGRITY, "Vault returned a malformed version number for " + mount + "/" + path);
            }
            JsonNode m = e.getValue();
            versions.add(new VersionMeta(v, time(m.path("created_time")).orElse(Instant.EPOCH), time(m.path("deletion_time")),
                    m.path("destroyed").asBoolean(false)));
        }
        versions.sort(Comparator.comparingInt(VersionMeta::version));
        return Optional.of(new Metadata(reply.data().path("current_version").asInt(0), List.copyOf(versions)));
    }

    /** Soft-deletes versions ({@code POST delete/<path>}). */
    public void delete(String path, int... versions) throws KeyStorageException {
        client.require("delete of versions of " + mount + "/" + path, "POST", mount + "/delete/" + path, versions(versions));
    }

    /** Destroys versions permanently ({@code PUT destroy/<path>}). */
    public void destroy(String path, int... versions) throws KeyStorageException {
        client.require("destroy of versions of " + mount + "/" + path, "PUT", mount + "/destroy/" + path, versions(versions));
    }

    /** Deletes the metadata and every version ({@code DELETE metadata/<path>}). */
    public void deleteAll(String path) throws KeyStorageException {
        client.require("delete of " + mount + "/" + path, "DELETE", mount + "/metadata/" + path, null);
    }

    /**
     * The names in a folder ({@code LIST metadata/<folder>/}); sub-folders end with {@code /}.
     * Empty when the folder does not exist (404).
     */
    public List<String> list(String folder) throws KeyStorageException {
        String path = mount + "/metadata/" + (folder.isEmpty() ? "" : folder + "/");
        VaultReply reply = client.call("LIST", path, null);
        if (reply.status() == 404) {
            return List.of();
        }
        if (!reply.ok()) {
            throw VaultErrors.map("list of " + path, reply);
        }
        List<String> names = new ArrayList<>();
        for (JsonNode k : reply.data().path("keys")) {
            if (k.isTextual()) {
                names.add(k.asText());
            }
        }
        return names;
    }

    private ObjectNode versions(int... versions) {
        ObjectNode body = client.object();
        var array = body.putArray("versions");
        for (int v : versions) {
            array.add(v);
        }
        return body;
    }

    /** Vault's RFC 3339 times; the empty string (no deletion) is empty. */
    static Optional<Instant> time(JsonNode node) throws KeyStorageException {
        if (!node.isTextual() || node.asText().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(node.asText()).toInstant());
        } catch (DateTimeParseException e) {
            throw new KeyStorageException(Reason.INTEGRITY, "Vault returned a malformed time");
        }
    }
}
