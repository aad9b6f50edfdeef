package io.ccl.tee.api;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of an {@link Evidence} in the KBS {@code tee-evidence} member:
 * <pre>{"tee": "sevsnp", "evidence": "&lt;base64&gt;", "collateral": [{"name": "auxblob", "data": "&lt;base64&gt;"}]}</pre>
 * Standard base64 with padding. Works on plain maps so every JSON library can carry it.
 */
public final class EvidenceJson {
    private EvidenceJson() {
    }

    /** JSON members of {@code evidence}. */
    public static Map<String, Object> toJson(Evidence evidence) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tee", evidence.teeType());
        m.put("evidence", Base64.getEncoder().encodeToString(evidence.payload()));
        List<Map<String, Object>> coll = new ArrayList<>();
        for (Collateral c : evidence.collateral()) {
            coll.add(Map.of("name", c.name(), "data", Base64.getEncoder().encodeToString(c.data())));
        }
        m.put("collateral", coll);
        return m;
    }

    /**
     * Parses the JSON members back.
     *
     * @throws IllegalArgumentException with a message naming the bad member
     */
    public static Evidence fromJson(Map<?, ?> json) {
        Object tee = json.get("tee");
        Object payload = json.get("evidence");
        if (!(tee instanceof String t) || t.isEmpty()) {
            throw new IllegalArgumentException("tee-evidence.tee must be a non-empty string");
        }
        if (!(payload instanceof String p)) {
            throw new IllegalArgumentException("tee-evidence.evidence must be a base64 string");
        }
        for (Object key : json.keySet()) {
            if (!"tee".equals(key) && !"evidence".equals(key) && !"collateral".equals(key)) {
                throw new IllegalArgumentException("tee-evidence has unknown member " + key);
            }
        }
        List<Collateral> collateral = new ArrayList<>();
        Object coll = json.get("collateral");
        if (coll != null) {
            if (!(coll instanceof List<?> list)) {
                throw new IllegalArgumentException("tee-evidence.collateral must be a list");
            }
            for (Object item : list) {
                if (!(item instanceof Map<?, ?> c) || !(c.get("name") instanceof String name)
                        || !(c.get("data") instanceof String data) || c.size() != 2) {
                    throw new IllegalArgumentException("tee-evidence.collateral items are {name, data}");
                }
                collateral.add(new Collateral(name, decode(data, "collateral " + name)));
            }
        }
        return new Evidence(t, decode(p, "evidence"), collateral);
    }

    private static byte[] decode(String b64, String what) {
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tee-evidence " + what + " is not base64");
        }
    }
}
