package io.ccl.keys.admin;

import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyVersion;
import io.ccl.keys.api.Lockdown;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.SecretVersion;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON shapes of responses (snake_case members, times as RFC 3339 strings); never key or secret material. */
final class Views {
    private Views() {
    }

    static Map<String, Object> key(KeyInfo k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", k.name());
        m.put("algorithm", k.algorithm().name());
        m.put("purposes", k.purposes().stream().sorted().map(Enum::name).toList());
        m.put("latest_version", k.latestVersion());
        m.put("versions", k.versions().stream().map(Views::version).toList());
        return m;
    }

    private static Map<String, Object> version(KeyVersion v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", v.version());
        m.put("state", v.state().name());
        putTime(m, "created_at", v.createdAt());
        return m;
    }

    static Map<String, Object> lockdown(Lockdown l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scope", l.scope().toString());
        m.put("reason", l.reason());
        m.put("actor", l.actor());
        putTime(m, "since", l.since());
        m.put("revoked_releases", l.revokedReleases());
        return m;
    }

    static List<Map<String, Object>> lockdowns(List<Lockdown> list) {
        return list.stream().map(Views::lockdown).toList();
    }

    static Map<String, Object> secretVersions(ResourcePath path, List<SecretVersion> versions) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path.toString());
        m.put("versions", versions.stream().map(Views::secretVersion).toList());
        return m;
    }

    private static Map<String, Object> secretVersion(SecretVersion v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", v.version());
        m.put("state", v.state().name());
        putTime(m, "created_at", v.createdAt());
        return m;
    }

    private static void putTime(Map<String, Object> m, String name, Instant t) {
        if (t != null) {
            m.put(name, t.toString());
        }
    }
}
