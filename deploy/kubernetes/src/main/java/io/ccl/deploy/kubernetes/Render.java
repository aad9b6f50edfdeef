package io.ccl.deploy.kubernetes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Renders the Kubernetes manifests and the Kata initdata for each RuntimeClass (run by the build in
 * {@code process-classes}; helm is not available here and not needed).
 *
 * <pre>Render SRC_DIR CONFIG_DIR OUT_DIR RUNTIME_CLASSES [SITE_VALUES]</pre>
 *
 * <p>Writes {@code OUT_DIR/<runtimeClass>/ccl.yaml}, {@code initdata.toml}, {@code initdata.toml.sha256}
 * and {@code initdata.toml.sha384}. ConfigMaps are generated from files (policies, FileInstall
 * configuration); Secrets are never rendered, only referenced by name.
 */
public final class Render {
    /** The files of the {@code ccl-policies} ConfigMap, from the repository's {@code config/policy}. */
    static final List<String> POLICY_FILES = List.of("prod.json", "release-prod.json");

    private final Path src;
    private final Path configDir;

    public Render(Path src, Path configDir) {
        this.src = src;
        this.configDir = configDir;
    }

    /** The result for one RuntimeClass. */
    public record Rendered(String runtimeClass, String manifests, InitData initData) {
        /** Writes {@code ccl.yaml}, {@code initdata.toml} and its digests into {@code dir}. */
        public void writeTo(Path dir) throws IOException {
            Files.createDirectories(dir);
            HexFormat hex = HexFormat.of();
            Files.writeString(dir.resolve("ccl.yaml"), manifests, StandardCharsets.UTF_8);
            Files.write(dir.resolve("initdata.toml"), initData.toml());
            Files.writeString(dir.resolve("initdata.toml.sha256"),
                    hex.formatHex(initData.digest("sha256")) + "  initdata.toml\n", StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("initdata.toml.sha384"),
                    hex.formatHex(initData.digest("sha384")) + "  initdata.toml\n", StandardCharsets.UTF_8);
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            throw new IllegalArgumentException("usage: Render SRC_DIR CONFIG_DIR OUT_DIR RUNTIME_CLASSES [SITE_VALUES]");
        }
        Path src = Path.of(args[0]);
        Render render = new Render(src, Path.of(args[1]));
        Values values = args.length > 4 ? Values.load(src.resolve("values.properties"), Path.of(args[4]))
                : Values.load(src.resolve("values.properties"));
        for (String rc : args[3].split(",")) {
            Rendered r = render.render(values.forRuntimeClass(rc.strip()));
            r.writeTo(Path.of(args[2]).resolve(r.runtimeClass()));
        }
    }

    /** Renders everything for the RuntimeClass already applied to {@code values}. */
    public Rendered render(Values values) throws IOException {
        InitData initData = InitData.of(values.get("initdata.algorithm"), values.get("kbs.url"),
                values.get("kbs.cert.file").isEmpty() ? "" : read(src.resolve(values.get("kbs.cert.file"))),
                read(src.resolve(values.get("initdata.policy.file"))));
        Values v = values.with("initdata.annotation", initData.annotation())
                .with("initdata.digest", initData.digestHex());
        Map<String, String> blocks = Map.of(
                "runtime.dataVolume", dataVolume(v),
                "runtime.agentEgress", Yaml.block(egressRules(v.get("agent.egress"))),
                "verifier.collateralEgress", Yaml.block(egressRules(v.get("verifier.egress"))));

        List<String> docs = new ArrayList<>();
        List<Path> templates;
        try (Stream<Path> s = Files.list(src.resolve("templates"))) {
            templates = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        docs.add(Template.render(read(templates.get(0)), v, blocks));
        docs.add(configMap(v, "ccl-runtime-config", templated(src.resolve("config/runtime"), v)));
        docs.add(configMap(v, "ccl-verifier-config", templated(src.resolve("config/verifier"), v)));
        docs.add(configMap(v, "ccl-policies", policies()));
        docs.add(configMap(v, "ccl-reference-values", referenceValues(v, initData)));
        for (Path t : templates.subList(1, templates.size())) {
            docs.add(Template.render(read(t), v, blocks));
        }
        StringBuilder out = new StringBuilder()
                .append("# CCL on Kubernetes with Kata confidential containers, RuntimeClass ")
                .append(v.get("runtimeClass")).append(".\n")
                .append("# Rendered by io.ccl.deploy.kubernetes.Render from deploy/kubernetes/src/main/k8s: edit there.\n");
        for (String d : docs) {
            out.append("---\n").append(d.strip()).append('\n');
        }
        String manifests = out.toString();
        Yaml.loadAll(manifests); // fail the build on YAML the templates broke
        return new Rendered(v.get("runtimeClass"), manifests, initData);
    }

    private Map<String, String> templated(Path dir, Values v) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                files.put(p.getFileName().toString(), Template.render(read(p), v, Map.of()));
            }
        }
        return files;
    }

    private Map<String, String> policies() throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (String name : POLICY_FILES) {
            files.put(name, read(configDir.resolve("policy").resolve(name)));
        }
        return files;
    }

    private static Map<String, String> referenceValues(Values v, InitData initData) {
        HexFormat hex = HexFormat.of();
        Map<String, String> m = new TreeMap<>();
        m.put("runtime-class", v.get("runtimeClass"));
        m.put("initdata.toml", new String(initData.toml(), StandardCharsets.UTF_8));
        m.put("initdata.algorithm", initData.algorithm());
        m.put("initdata.toml.sha256", hex.formatHex(initData.digest("sha256")));
        m.put("initdata.toml.sha384", hex.formatHex(initData.digest("sha384")));
        m.put("sevsnp.host_data", initData.launchField(32));
        m.put("tdx.mr_config_id", initData.launchField(48));
        return m;
    }

    private static String configMap(Values v, String name, Map<String, String> data) {
        return Yaml.dump(Yaml.map(
                "apiVersion", "v1",
                "kind", "ConfigMap",
                "metadata", Yaml.map("name", name, "namespace", v.get("namespace"),
                        "labels", Yaml.map("app.kubernetes.io/part-of", "ccl")),
                "data", new TreeMap<>(data)));
    }

    private static String dataVolume(Values v) {
        Object volume = switch (v.get("runtime.data.volume")) {
            case "memory" -> Yaml.map("name", "data", "emptyDir",
                    Yaml.map("medium", "Memory", "sizeLimit", v.get("runtime.data.size")));
            case "pvc" -> Yaml.map("name", "data", "persistentVolumeClaim",
                    Yaml.map("claimName", v.get("runtime.data.claim")));
            default -> throw new IllegalArgumentException("runtime.data.volume must be memory or pvc");
        };
        return Yaml.block(List.of(volume));
    }

    /** {@code CIDR:port,...} as NetworkPolicy egress rules, one per entry. */
    static List<Map<String, Object>> egressRules(String spec) {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (String entry : spec.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            if (colon < 0 || !entry.substring(0, colon).strip().matches("[0-9a-fA-F.:]+/[0-9]{1,3}")) {
                throw new IllegalArgumentException("egress entry is not CIDR:port: " + entry.strip());
            }
            int port = Integer.parseInt(entry.substring(colon + 1).strip());
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("to", List.of(Yaml.map("ipBlock", Yaml.map("cidr", entry.substring(0, colon).strip()))));
            rule.put("ports", List.of(Yaml.map("port", port, "protocol", "TCP")));
            rules.add(rule);
        }
        return rules;
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

}
