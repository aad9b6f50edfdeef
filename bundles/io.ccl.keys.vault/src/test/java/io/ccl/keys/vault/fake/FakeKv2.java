package io.ccl.keys.vault.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * KV v2 as documented (and as OpenBao's {@code builtin/logical/kv} implements it): {@code data/}
 * read and write with {@code options.cas} ("check-and-set parameter did not match the current
 * version"), reads of deleted or destroyed versions answered 404 with the version's metadata,
 * {@code delete/}, {@code undelete/}, {@code destroy/}, {@code metadata/} read, {@code LIST},
 * delete and write ({@code max_versions}, {@code cas_required}), and the mount default of 10
 * versions kept. Simplifications: no {@code delete_version_after}, no custom metadata, no patch.
 */
final class FakeKv2 implements FakeEngine {
    static final int DEFAULT_MAX_VERSIONS = 10;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Clock clock;
    private final TreeMap<String, Entry> entries = new TreeMap<>();

    private static final class Version {
        final Instant created;
        Instant deleted;
        boolean destroyed;
        JsonNode data;

        Version(Instant created, JsonNode data) {
            this.created = created;
            this.data = data;
        }
    }

    private static final class Entry {
        final TreeMap<Integer, Version> versions = new TreeMap<>();
        final Instant created;
        Instant updated;
        int current;
        int maxVersions;
        boolean casRequired;

        Entry(Instant created) {
            this.created = created;
            this.updated = created;
        }
    }

    FakeKv2(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean exists(String sub) {
        if (sub.startsWith("data/")) {
            return entries.containsKey(sub.substring(5));
        }
        if (sub.startsWith("metadata/")) {
            return entries.containsKey(sub.substring(9));
        }
        return true;
    }

    @Override
    public ObjectNode handle(FakeCall call, String sub) {
        int slash = sub.indexOf('/');
        String kind = slash < 0 ? sub : sub.substring(0, slash);
        String path = slash < 0 ? "" : sub.substring(slash + 1);
        if (path.endsWith(".")) {
            throw new FakeError(404, "unsupported path");
        }
        switch (kind) {
            case "config":
                if (call.op() != FakeCall.Op.READ) {
                    throw new FakeError(405, "unsupported operation");
                }
                ObjectNode config = JSON.objectNode();
                ObjectNode d = config.putObject("data");
                d.put("max_versions", 0);
                d.put("cas_required", false);
                d.put("delete_version_after", "0s");
                return config;
            case "data":
                return data(call, path);
            case "metadata":
                return metadata(call, path);
            case "delete":
                return versions(call, path, "No version number provided", (v, now) -> {
                    if (!v.destroyed && (v.deleted == null || v.deleted.isAfter(now))) {
                        v.deleted = now;
                    }
                });
            case "undelete":
                return versions(call, path, "No version number provided", (v, now) -> {
                    if (!v.destroyed) {
                        v.deleted = null;
                    }
                });
            case "destroy":
                return versions(call, path, "no version number provided", (v, now) -> {
                    v.destroyed = true;
                    v.data = null;
                });
            default:
                throw new FakeError(404, "unsupported path");
        }
    }

    private ObjectNode data(FakeCall call, String path) {
        if (path.isEmpty()) {
            throw FakeError.badRequest("missing path");
        }
        switch (call.op()) {
            case READ:
                return read(path, call.query().containsKey("version") ? Integer.parseInt(call.query().get("version")) : 0);
            case CREATE:
            case UPDATE:
                return write(call, path);
            case DELETE:
                Entry e = entries.get(path);
                if (e != null && e.versions.containsKey(e.current)) {
                    Version v = e.versions.get(e.current);
                    if (!v.destroyed && v.deleted == null) {
                        v.deleted = clock.instant();
                    }
                }
                return null;
            default:
                throw new FakeError(405, "unsupported operation");
        }
    }

    private ObjectNode read(String path, int requested) {
        Entry e = entries.get(path);
        if (e == null) {
            throw FakeError.notFound();
        }
        int n = requested > 0 ? requested : e.current;
        Version v = e.versions.get(n);
        if (v == null) {
            throw FakeError.notFound();
        }
        ObjectNode body = JSON.objectNode();
        ObjectNode data = body.putObject("data");
        data.putNull("data");
        data.set("metadata", versionMetadata(n, v));
        Instant now = clock.instant();
        if (v.destroyed || (v.deleted != null && !v.deleted.isAfter(now))) {
            throw new FakeError(404, body);
        }
        data.set("data", v.data.deepCopy());
        return body;
    }

    private ObjectNode write(FakeCall call, String path) {
        JsonNode data = call.body().path("data");
        if (!data.isObject()) {
            throw FakeError.badRequest("no data provided");
        }
        Instant now = clock.instant();
        Entry e = entries.get(path);
        JsonNode cas = call.body().path("options").path("cas");
        int current = e == null ? 0 : e.current;
        if (!cas.isMissingNode() && !cas.isNull()) {
            if (cas.asInt(-1) != current) {
                throw FakeError.badRequest("check-and-set parameter did not match the current version");
            }
        } else if (e != null && e.casRequired) {
            throw FakeError.badRequest("check-and-set parameter required for this call");
        }
        if (e == null) {
            e = new Entry(now);
            entries.put(path, e);
        }
        e.current++;
        Version v = new Version(now, data.deepCopy());
        e.versions.put(e.current, v);
        e.updated = now;
        int max = e.maxVersions > 0 ? e.maxVersions : DEFAULT_MAX_VERSIONS;
        while (e.versions.size() > max) {
            e.versions.pollFirstEntry();
        }
        ObjectNode body = JSON.objectNode();
        body.set("data", versionMetadata(e.current, v));
        return body;
    }

    private ObjectNode metadata(FakeCall call, String path) {
        switch (call.op()) {
            case LIST:
                return list(path);
            case READ: {
                Entry e = entries.get(path);
                if (e == null) {
                    throw FakeError.notFound();
                }
                ObjectNode body = JSON.objectNode();
                ObjectNode d = body.putObject("data");
                ObjectNode versions = d.putObject("versions");
                for (Map.Entry<Integer, Version> v : e.versions.entrySet()) {
                    ObjectNode m = versions.putObject(String.valueOf(v.getKey()));
                    m.put("created_time", v.getValue().created.toString());
                    m.put("deletion_time", v.getValue().deleted == null ? "" : v.getValue().deleted.toString());
                    m.put("destroyed", v.getValue().destroyed);
                }
                d.put("current_version", e.current);
                d.put("oldest_version", e.versions.isEmpty() ? 0 : e.versions.firstKey());
                d.put("created_time", e.created.toString());
                d.put("updated_time", e.updated.toString());
                d.put("max_versions", e.maxVersions);
                d.put("cas_required", e.casRequired);
                d.put("delete_version_after", "0s");
                d.putNull("custom_metadata");
                return body;
            }
            case DELETE:
                entries.remove(path);
                return null;
            case CREATE:
            case UPDATE: {
                Entry e = entries.computeIfAbsent(path, p -> new Entry(clock.instant()));
                if (call.body().has("max_versions")) {
                    e.maxVersions = call.integer("max_versions", 0);
                }
                if (call.body().has("cas_required")) {
                    e.casRequired = call.body().path("cas_required").asBoolean();
                }
                return null;
            }
            default:
                throw new FakeError(405, "unsupported operation");
        }
    }

    private ObjectNode list(String folder) {
        String prefix = folder.isEmpty() || folder.endsWith("/") ? folder : folder + "/";
        TreeSet<String> keys = new TreeSet<>();
        for (String p : entries.tailMap(prefix, true).keySet()) {
            if (!p.startsWith(prefix)) {
                break;
            }
            String rest = p.substring(prefix.length());
            int slash = rest.indexOf('/');
            keys.add(slash < 0 ? rest : rest.substring(0, slash + 1));
        }
        if (keys.isEmpty()) {
            throw FakeError.notFound();
        }
        ObjectNode body = JSON.objectNode();
        var array = body.putObject("data").putArray("keys");
        keys.forEach(array::add);
        return body;
    }

    private interface VersionChange {
        void apply(Version v, Instant now);
    }

    private ObjectNode versions(FakeCall call, String path, String missing, VersionChange change) {
        if (call.op() != FakeCall.Op.CREATE && call.op() != FakeCall.Op.UPDATE) {
            throw new FakeError(405, "unsupported operation");
        }
        List<Integer> versions = new ArrayList<>();
        for (JsonNode v : call.body().path("versions")) {
            versions.add(v.asInt());
        }
        if (versions.isEmpty()) {
            throw FakeError.badRequest(missing);
        }
        Entry e = entries.get(path);
        if (e == null) {
            return null;
        }
        Instant now = clock.instant();
        for (int n : versions) {
            Version v = e.versions.get(n);
            if (v != null) {
                change.apply(v, now);
            }
        }
        return null;
    }

    private static ObjectNode versionMetadata(int n, Version v) {
        ObjectNode m = JSON.objectNode();
        m.put("version", n);
        m.put("created_time", v.created.toString());
        m.put("deletion_time", v.deleted == null ? "" : v.deleted.toString());
        m.put("destroyed", v.destroyed);
        m.putNull("custom_metadata");
        return m;
    }
}
