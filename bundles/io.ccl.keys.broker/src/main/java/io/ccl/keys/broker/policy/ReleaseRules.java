package io.ccl.keys.broker.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccl.attestation.api.EarStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses a release policy document, strictly: an unknown member is an error rather than being
 * ignored, because a misspelt constraint ({@code "claim"} for {@code "claims"}) would otherwise
 * silently widen a grant.
 *
 * <pre>
 * {"rules": [
 *   {"resources": "default/secret/*",            // or a list of patterns
 *    "tee_types": ["sevsnp", "tdx"],              // required, non-empty
 *    "min_status": "affirming",                   // "affirming" (default) or "warning"
 *    "claims": {"measurement": ["ab12..."]},      // optional: dot path -> allowed scalar(s)
 *    "description": "free text"}]}                // optional, also allowed at the top level
 * </pre>
 */
final class ReleaseRules {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    private static final Set<String> TOP = Set.of("rules", "description");
    private static final Set<String> RULE = Set.of("resources", "tee_types", "min_status", "claims", "description");

    private ReleaseRules() {
    }

    /**
     * The rules of a policy document.
     *
     * @throws IllegalArgumentException with a message naming the defect
     */
    static List<ReleaseRule> parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the document must be a JSON object");
        }
        onlyMembers(root, TOP, "the document");
        JsonNode rules = root.get("rules");
        if (rules == null || !rules.isArray()) {
            throw new IllegalArgumentException("'rules' must be an array");
        }
        List<ReleaseRule> result = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            result.add(rule(rules.get(i), "rules[" + i + "]"));
        }
        return result;
    }

    private static ReleaseRule rule(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " must be an object");
        }
        onlyMembers(node, RULE, where);
        List<ResourceGlob> resources = new ArrayList<>();
        for (JsonNode r : oneOrMany(node.get("resources"), where + ".resources")) {
            if (!r.isTextual()) {
                throw new IllegalArgumentException(where + ".resources must hold strings");
            }
            resources.add(ResourceGlob.parse(r.textValue()));
        }
        Set<String> teeTypes = new HashSet<>();
        JsonNode tees = node.get("tee_types");
        if (tees == null || !tees.isArray() || tees.isEmpty()) {
            throw new IllegalArgumentException(where + ".tee_types must be a non-empty array");
        }
        for (JsonNode t : tees) {
            if (!t.isTextual() || t.textValue().isEmpty()) {
                throw new IllegalArgumentException(where + ".tee_types must hold non-empty strings");
            }
            teeTypes.add(t.textValue());
        }
        return new ReleaseRule(resources, teeTypes, minStatus(node.get("min_status"), where), claims(node.get("claims"), where));
    }

    private static EarStatus minStatus(JsonNode node, String where) {
        if (node == null) {
            return EarStatus.AFFIRMING;
        }
        if (node.isTextual() && node.textValue().equals(EarStatus.AFFIRMING.json())) {
            return EarStatus.AFFIRMING;
        }
        if (node.isTextual() && node.textValue().equals(EarStatus.WARNING.json())) {
            return EarStatus.WARNING;
        }
        throw new IllegalArgumentException(where + ".min_status must be \"affirming\" or \"warning\"");
    }

    private static Map<String, List<JsonNode>> claims(JsonNode node, String where) {
        Map<String, List<JsonNode>> claims = new LinkedHashMap<>();
        if (node == null) {
            return claims;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ".claims must be an object");
        }
        for (Map.Entry<String, JsonNode> claim : node.properties()) {
            String name = where + ".claims." + claim.getKey();
            if (claim.getKey().isEmpty() || claim.getKey().startsWith(".") || claim.getKey().endsWith(".")
                    || claim.getKey().contains("..")) {
                throw new IllegalArgumentException(name + ": not a dot path");
            }
            List<JsonNode> allowed = oneOrMany(claim.getValue(), name);
            for (JsonNode value : allowed) {
                if (!value.isTextual() && !value.isNumber() && !value.isBoolean()) {
                    throw new IllegalArgumentException(name + " must list strings, numbers or booleans");
                }
            }
            claims.put(claim.getKey(), allowed);
        }
        return claims;
    }

    private static List<JsonNode> oneOrMany(JsonNode node, String where) {
        if (node == null) {
            throw new IllegalArgumentException(where + " is required");
        }
        List<JsonNode> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(values::add);
        } else {
            values.add(node);
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException(where + " must not be empty");
        }
        return values;
    }

    private static void onlyMembers(JsonNode node, Set<String> allowed, String where) {
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            if (!allowed.contains(member.getKey())) {
                throw new IllegalArgumentException(where + " has unknown member '" + member.getKey() + "' (allowed: "
                        + new TreeSet<>(allowed) + ")");
            }
        }
    }
}
