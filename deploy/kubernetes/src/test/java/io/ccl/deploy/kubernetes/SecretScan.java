package io.ccl.deploy.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Finds secret-looking content in ConfigMaps: the reason a finding exists, never the value itself. */
final class SecretScan {
    private static final List<Pattern> SECRET_VALUES = List.of(
            Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"),
            Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"),
            Pattern.compile("\\bhv[sbr]\\.[A-Za-z0-9_-]{16,}"),
            Pattern.compile("\\bs\\.[A-Za-z0-9]{24}\\b"),
            Pattern.compile("(?i)(password|passwd|passphrase|pin|secret[_.-]?id|secret|token|api[_.-]?key|private[_.-]?key|credential)"
                    + "[\"']?\\s*[=:]\\s*[\"']?(?!\\[)[A-Za-z0-9+/_.~-]{8,}"));

    private SecretScan() {
    }

    /**
     * Findings (ConfigMap/key: reason) for every ConfigMap in {@code docs}: data keys named like a
     * Secret key the manifests reference, values assigning a Secret key name, secret-looking values.
     */
    @SuppressWarnings("unchecked")
    static List<String> findings(List<Object> docs, Set<String> secretKeys) {
        List<String> findings = new ArrayList<>();
        for (Object o : docs) {
            Map<String, Object> doc = (Map<String, Object>) o;
            if (!"ConfigMap".equals(doc.get("kind"))) {
                continue;
            }
            String name = (String) ((Map<String, Object>) doc.get("metadata")).get("name");
            if (doc.containsKey("binaryData")) {
                findings.add(name + ": binaryData");
            }
            Map<String, Object> data = (Map<String, Object>) doc.getOrDefault("data", Map.of());
            data.forEach((key, value) -> {
                String text = String.valueOf(value);
                if (secretKeys.contains(key)) {
                    findings.add(name + "/" + key + ": data key is a Secret key name");
                }
                for (String secretKey : secretKeys) {
                    if (Pattern.compile("(?m)^\\s*[\"']?" + Pattern.quote(secretKey) + "[\"']?\\s*[=:]").matcher(text).find()) {
                        findings.add(name + "/" + key + ": assigns Secret key " + secretKey);
                    }
                }
                for (Pattern p : SECRET_VALUES) {
                    if (p.matcher(text).find()) {
                        findings.add(name + "/" + key + ": secret-like value (" + p.pattern().substring(0, 12) + "...)");
                    }
                }
            });
        }
        return findings;
    }
}
