package io.ccl.attestation.policy.reference;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccl.attestation.api.EarStatus;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a reference-value policy strictly: unknown members, duplicate members, wrong types and
 * values outside the format are errors naming the offending member, never silently ignored (a
 * misspelt {@code forbid} must not turn into "allow").
 */
public final class PolicyParser {
    /** Largest policy file accepted. */
    public static final int MAX_BYTES = 4 << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern TEE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    private static final Pattern CLAIM_PATH = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+){0,15}");
    private static final int MAX_NAME = 256;
    private static final Set<String> TOP = Set.of("id", "description", "tee", "runtime", "modules");
    private static final Set<String> MODULES_MEMBERS = Set.of("digests");
    private static final Pattern SHA384_HEX = Pattern.compile("[0-9a-fA-F]{96}");
    private static final Set<String> TEE_MEMBERS = Set.of("allow_insecure", "require", "reference", "forbid", "minimum",
            "accept_tcb_status", "warn_if");
    private static final Set<String> RUNTIME_MEMBERS = Set.of("measurements");

    private PolicyParser() {
    }

    /** Parses and validates policy file bytes. */
    public static PolicyDocument parse(byte[] bytes) throws InvalidPolicyException {
        if (bytes.length > MAX_BYTES) {
            throw new InvalidPolicyException("policy is " + bytes.length + " bytes, at most " + MAX_BYTES);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new InvalidPolicyException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidPolicyException("not JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidPolicyException("the policy must be a JSON object");
        }
        checkMembers(root, TOP, "policy");
        String id = text(root.get("id"), "id");
        if (id.isBlank() || id.length() > 128 || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new InvalidPolicyException("id must be 1-128 printable ASCII characters without spaces");
        }
        if (root.has("description")) {
            text(root.get("description"), "description");
        }
        JsonNode teeNode = object(root.get("tee"), "tee");
        Map<String, TeeRules> tees = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : teeNode.properties()) {
            if (!TEE.matcher(e.getKey()).matches()) {
                throw new InvalidPolicyException("tee." + e.getKey() + ": TEE types are 1-32 of [a-z0-9_-]");
            }
            tees.put(e.getKey(), teeRules(e.getValue(), "tee." + e.getKey()));
        }
        List<String> runtime = null;
        if (root.has("runtime")) {
            JsonNode rt = object(root.get("runtime"), "runtime");
            checkMembers(rt, RUNTIME_MEMBERS, "runtime");
            if (rt.has("measurements")) {
                runtime = new ArrayList<>();
                for (JsonNode m : array(rt.get("measurements"), "runtime.measurements")) {
                    runtime.add(text(m, "runtime.measurements[]"));
                }
            }
        }
        List<String> modules = null;
        if (root.has("modules")) {
            JsonNode md = object(root.get("modules"), "modules");
            checkMembers(md, MODULES_MEMBERS, "modules");
            modules = new ArrayList<>();
            for (JsonNode d : array(md.get("digests"), "modules.digests")) {
                String hex = text(d, "modules.digests[]");
                if (!SHA384_HEX.matcher(hex).matches()) {
                    throw new InvalidPolicyException("modules.digests[]: '" + hex + "' is not 96 hex digits (SHA-384)");
                }
                modules.add(hex.toLowerCase(java.util.Locale.ROOT));
            }
        }
        return new PolicyDocument(id, sha256(bytes), tees, runtime, modules);
    }

    private static TeeRules teeRules(JsonNode node, String where) throws InvalidPolicyException {
        object(node, where);
        checkMembers(node, TEE_MEMBERS, where);
        boolean allowInsecure = false;
        if (node.has("allow_insecure")) {
            JsonNode b = node.get("allow_insecure");
            if (!b.isBoolean()) {
                throw new InvalidPolicyException(where + ".allow_insecure must be true or false");
            }
            allowInsecure = b.booleanValue();
        }
        List<String> require = new ArrayList<>();
        if (node.has("require")) {
            for (JsonNode p : array(node.get("require"), where + ".require")) {
                require.add(claimPath(text(p, where + ".require[]"), where + ".require"));
            }
        }
        Map<String, List<Object>> reference = valueLists(node.get("reference"), where + ".reference", false);
        Map<String, List<Object>> forbid = valueLists(node.get("forbid"), where + ".forbid", true);
        Map<String, List<Object>> warnIf = valueLists(node.get("warn_if"), where + ".warn_if", true);
        Map<String, Long> minimum = new LinkedHashMap<>();
        if (node.has("minimum")) {
            for (Map.Entry<String, JsonNode> e : object(node.get("minimum"), where + ".minimum").properties()) {
                String path = claimPath(e.getKey(), where + ".minimum");
                if (!e.getValue().isIntegralNumber() || !e.getValue().canConvertToLong()) {
                    throw new InvalidPolicyException(where + ".minimum." + path + " must be an integer");
                }
                minimum.put(path, e.getValue().longValue());
            }
        }
        Map<String, EarStatus> tcb = null;
        if (node.has("accept_tcb_status")) {
            tcb = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : object(node.get("accept_tcb_status"), where + ".accept_tcb_status")
                    .properties()) {
                String tier = text(e.getValue(), where + ".accept_tcb_status." + e.getKey());
                EarStatus status = EarStatus.fromJson(tier);
                if (status == EarStatus.NONE) {
                    throw new InvalidPolicyException(where + ".accept_tcb_status." + e.getKey()
                            + " must be affirming, warning or contraindicated");
                }
                tcb.put(e.getKey(), status);
            }
        }
        return new TeeRules(allowInsecure, require, reference, forbid, minimum, tcb, warnIf);
    }

    /** {@code {path: [scalar, ...]}}; with {@code scalarAllowed} a lone scalar means a one-element list. */
    private static Map<String, List<Object>> valueLists(JsonNode node, String where, boolean scalarAllowed)
            throws InvalidPolicyException {
        Map<String, List<Object>> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        for (Map.Entry<String, JsonNode> e : object(node, where).properties()) {
            String path = claimPath(e.getKey(), where);
            List<Object> values = new ArrayList<>();
            if (e.getValue().isArray()) {
                for (JsonNode v : e.getValue()) {
                    values.add(scalar(v, where + "." + path + "[]"));
                }
            } else if (scalarAllowed) {
                values.add(scalar(e.getValue(), where + "." + path));
            } else {
                throw new InvalidPolicyException(where + "." + path + " must be a list of values");
            }
            out.put(path, values);
        }
        return out;
    }

    private static Object scalar(JsonNode v, String where) throws InvalidPolicyException {
        if (v.isTextual()) {
            if (v.textValue().length() > 4096) {
                throw new InvalidPolicyException(where + " is longer than 4096 characters");
            }
            return v.textValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        throw new InvalidPolicyException(where + " must be a string, an integer or a boolean");
    }

    private static String claimPath(String path, String where) throws InvalidPolicyException {
        if (path.length() > MAX_NAME || !CLAIM_PATH.matcher(path).matches()) {
            throw new InvalidPolicyException(where + ": '" + path
                    + "' is not a claim path (segments of [A-Za-z0-9_-] joined by dots)");
        }
        return path;
    }

    private static void checkMembers(JsonNode node, Set<String> allowed, String where) throws InvalidPolicyException {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String name = e.getKey();
            if (!allowed.contains(name)) {
                throw new InvalidPolicyException(where + " has unknown member '" + name + "' (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static JsonNode object(JsonNode node, String where) throws InvalidPolicyException {
        if (node == null || !node.isObject()) {
            throw new InvalidPolicyException(where + " must be an object");
        }
        return node;
    }

    private static JsonNode array(JsonNode node, String where) throws InvalidPolicyException {
        if (node == null || !node.isArray()) {
            throw new InvalidPolicyException(where + " must be a list");
        }
        return node;
    }

    private static String text(JsonNode node, String where) throws InvalidPolicyException {
        if (node == null || !node.isTextual()) {
            throw new InvalidPolicyException(where + " must be a string");
        }
        return node.textValue();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
