package io.ccl.deploy.kubernetes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Renders the manifests for every RuntimeClass and checks their structure with SnakeYAML. */
class ManifestsTest {
    static final Path SRC = Path.of(System.getProperty("ccl.k8s.src", "src/main/k8s"));
    static final Path CONFIG = Path.of(System.getProperty("ccl.config.dir", "../../config"));
    static final Path OUT = Path.of(System.getProperty("ccl.k8s.out", "target/k8s"));

    static Values values() throws IOException {
        return Values.load(SRC.resolve("values.properties"));
    }

    static Render.Rendered render(Values v) throws IOException {
        return new Render(SRC, CONFIG).render(v);
    }

    static List<Object> docs(String runtimeClass) throws IOException {
        return Yaml.loadAll(render(values().forRuntimeClass(runtimeClass)).manifests());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> m(Object o, String... path) {
        Object cur = o;
        for (String p : path) {
            assertNotNull(cur, "missing " + String.join(".", path));
            cur = ((Map<String, Object>) cur).get(p);
        }
        assertNotNull(cur, "missing " + String.join(".", path));
        return (Map<String, Object>) cur;
    }

    @SuppressWarnings("unchecked")
    static List<Object> l(Object o, String... path) {
        Object parent = path.length == 1 ? o : m(o, java.util.Arrays.copyOf(path, path.length - 1));
        Object v = ((Map<String, Object>) parent).get(path[path.length - 1]);
        assertNotNull(v, "missing " + String.join(".", path));
        return (List<Object>) v;
    }

    static Map<String, Object> find(List<Object> docs, String kind, String name) {
        return docs.stream().map(d -> m(d)).filter(d -> kind.equals(d.get("kind")) && name.equals(m(d, "metadata").get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    static List<Map<String, Object>> all(List<Object> docs, String kind) {
        return docs.stream().map(d -> m(d)).filter(d -> kind.equals(d.get("kind"))).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"kata-qemu-snp", "kata-qemu-tdx", "kata-qemu-coco-dev", "kata-cc-isolation"})
    void everyDocumentHasTheRequiredFields(String rc) throws IOException {
        List<Object> docs = docs(rc);
        Set<String> kinds = new HashSet<>();
        for (Object d : docs) {
            Map<String, Object> doc = m(d);
            assertNotNull(doc.get("apiVersion"));
            kinds.add((String) doc.get("kind"));
            assertFalse(((String) m(doc, "metadata").get("name")).isBlank());
            if (!"Namespace".equals(doc.get("kind"))) {
                assertEquals("ccl", m(doc, "metadata").get("namespace"), doc.get("kind") + " namespace");
            }
        }
        assertEquals(Set.of("Namespace", "ServiceAccount", "ConfigMap", "Service", "Deployment", "PodDisruptionBudget",
                "NetworkPolicy", "PrometheusRule"), kinds);
        assertFalse(kinds.contains("Secret"), "Secrets are created by the operator, never rendered");
        for (Map<String, Object> dep : all(docs, "Deployment")) {
            assertEquals(m(dep, "spec", "selector", "matchLabels"),
                    Map.of("app.kubernetes.io/name", m(dep, "spec", "template", "metadata", "labels").get("app.kubernetes.io/name")));
            assertNotNull(m(dep, "spec").get("replicas"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kata-qemu-snp", "kata-qemu-tdx", "kata-qemu-coco-dev", "kata-cc-isolation"})
    void runtimeClassIsAppliedToTheRuntimeOnly(String rc) throws IOException {
        List<Object> docs = docs(rc);
        assertEquals(rc, m(find(docs, "Deployment", "ccl-runtime"), "spec", "template", "spec").get("runtimeClassName"));
        assertNull(m(find(docs, "Deployment", "ccl-verifier"), "spec", "template", "spec").get("runtimeClassName"));
        String tee = values().forRuntimeClass(rc).get("tee");
        String runtimeConfig = (String) m(find(docs, "ConfigMap", "ccl-runtime-config"), "data").get("io.ccl.runtime.config");
        assertTrue(runtimeConfig.contains("attester.target=\"(ccl.tee.type=" + tee + ")\""), runtimeConfig);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ccl-runtime", "ccl-verifier"})
    void podsRunAsNonRootOnAReadOnlyRootWithMemoryTmp(String name) throws IOException {
        Map<String, Object> pod = m(find(docs("kata-qemu-snp"), "Deployment", name), "spec", "template", "spec");
        Map<String, Object> psc = m(pod, "securityContext");
        assertEquals(Boolean.TRUE, psc.get("runAsNonRoot"));
        assertNotEquals(0, psc.get("runAsUser"));
        assertEquals("RuntimeDefault", m(psc, "seccompProfile").get("type"));
        assertEquals(Boolean.FALSE, pod.get("automountServiceAccountToken"));
        List<Object> volumes = l(pod, "volumes");
        for (Object c : l(pod, "containers")) {
            Map<String, Object> sc = m(c, "securityContext");
            assertEquals(Boolean.TRUE, sc.get("readOnlyRootFilesystem"));
            assertEquals(Boolean.TRUE, sc.get("runAsNonRoot"));
            assertEquals(Boolean.FALSE, sc.get("allowPrivilegeEscalation"));
            assertEquals(List.of("ALL"), m(sc, "capabilities").get("drop"));
            Map<String, Object> limits = m(c, "resources", "limits");
            assertNotNull(limits.get("cpu"));
            assertNotNull(limits.get("memory"));
            assertNotNull(m(c, "resources", "requests").get("memory"));
            String tmpVolume = l(c, "volumeMounts").stream().map(vm -> m(vm)).filter(vm -> "/tmp".equals(vm.get("mountPath")))
                    .map(vm -> (String) vm.get("name")).findFirst().orElseThrow(() -> new AssertionError("no /tmp mount"));
            Map<String, Object> tmp = volumes.stream().map(v -> m(v)).filter(v -> tmpVolume.equals(v.get("name")))
                    .findFirst().orElseThrow();
            assertEquals("Memory", m(tmp, "emptyDir").get("medium"));
            assertNotNull(m(c, "readinessProbe"));
            assertNotNull(m(c, "livenessProbe"));
        }
        Map<String, Object> annotations = m(find(docs("kata-qemu-snp"), "Deployment", name), "spec", "template", "metadata", "annotations");
        assertEquals("true", annotations.get("prometheus.io/scrape"));
        assertEquals("/metrics", annotations.get("prometheus.io/path"));
    }

    @Test
    void runtimeProbesAskTheEnclaveHealth() throws IOException {
        Map<String, Object> c = m(l(find(docs("kata-qemu-snp"), "Deployment", "ccl-runtime"), "spec", "template", "spec", "containers").get(0));
        assertEquals("/health/enclave", m(c, "readinessProbe", "httpGet").get("path"));
        assertEquals("/health/enclave", m(c, "startupProbe", "httpGet").get("path"));
    }

    @Test
    void dataVolumeIsGuestMemoryByDefaultOrAClaim() throws IOException {
        Map<String, Object> data = dataVolume(values().forRuntimeClass("kata-qemu-snp"));
        assertEquals("Memory", m(data, "emptyDir").get("medium"));
        Map<String, Object> pvc = dataVolume(values().with("runtime.data.volume", "pvc").forRuntimeClass("kata-qemu-snp"));
        assertEquals("ccl-runtime-data", m(pvc, "persistentVolumeClaim").get("claimName"));
        assertThrows(IllegalArgumentException.class,
                () -> render(values().with("runtime.data.volume", "emptyDir").forRuntimeClass("kata-qemu-snp")));
    }

    private static Map<String, Object> dataVolume(Values v) throws IOException {
        return l(find(Yaml.loadAll(render(v).manifests()), "Deployment", "ccl-runtime"), "spec", "template", "spec", "volumes")
                .stream().map(x -> m(x)).filter(x -> "data".equals(x.get("name"))).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"kata-qemu-snp", "kata-qemu-tdx", "kata-qemu-coco-dev", "kata-cc-isolation"})
    void noSecretInAnyConfigMap(String rc) throws IOException {
        List<Object> docs = docs(rc);
        assertEquals(List.of(), SecretScan.findings(docs, secretKeys(docs)));
    }

    @Test
    void theSecretScanCatchesPlantedSecrets() throws IOException {
        List<Object> docs = new ArrayList<>(docs("kata-qemu-snp"));
        Set<String> keys = secretKeys(docs);
        assertTrue(keys.contains("secret-id"), keys.toString());
        docs.add(Yaml.loadAll("kind: ConfigMap\nmetadata: {name: bad1}\ndata:\n  vault.cfg: \"token=hvs.CAESIJlU0aFakeFakeFakeFake\"\n").get(0));
        docs.add(Yaml.loadAll("kind: ConfigMap\nmetadata: {name: bad2}\ndata:\n  secret-id: x\n").get(0));
        docs.add(Yaml.loadAll("kind: ConfigMap\nmetadata: {name: bad3}\ndata:\n  a.cfg: \"password = correcthorsebattery\"\n").get(0));
        docs.add(Yaml.loadAll("kind: ConfigMap\nmetadata: {name: bad4}\ndata:\n  k.pem: \"-----BEGIN EC PRIVATE KEY-----\"\n").get(0));
        List<String> findings = SecretScan.findings(docs, keys);
        for (String bad : List.of("bad1/", "bad2/", "bad3/", "bad4/")) {
            assertTrue(findings.stream().anyMatch(f -> f.startsWith(bad)), bad + " not found in " + findings);
        }
    }

    /** Names of the keys of every Secret the manifests reference (volumes and env). */
    @SuppressWarnings("unchecked")
    static Set<String> secretKeys(List<Object> docs) {
        Set<String> keys = new HashSet<>();
        for (Map<String, Object> dep : all(docs, "Deployment")) {
            Map<String, Object> pod = m(dep, "spec", "template", "spec");
            for (Object v : l(pod, "volumes")) {
                Map<String, Object> secret = (Map<String, Object>) m(v).get("secret");
                if (secret != null) {
                    ((List<Object>) secret.getOrDefault("items", List.of())).forEach(i -> keys.add((String) m(i).get("key")));
                }
            }
            for (Object c : l(pod, "containers")) {
                for (Object e : (List<Object>) m(c).getOrDefault("env", List.of())) {
                    Map<String, Object> from = (Map<String, Object>) m(e).get("valueFrom");
                    assertTrue(from == null || from.get("configMapKeyRef") == null, "env from a ConfigMap");
                    if (from != null && from.get("secretKeyRef") != null) {
                        keys.add((String) m(from, "secretKeyRef").get("key"));
                    }
                }
            }
        }
        return keys;
    }

    @ParameterizedTest
    @ValueSource(strings = {"kata-qemu-snp", "kata-qemu-tdx"})
    void networkPoliciesFenceBothDeployments(String rc) throws IOException {
        List<Object> docs = docs(rc);
        Map<String, Object> deny = m(find(docs, "NetworkPolicy", "ccl-default-deny"), "spec");
        assertEquals(Map.of(), deny.get("podSelector"));
        assertEquals(List.of("Ingress", "Egress"), deny.get("policyTypes"));
        for (String app : List.of("ccl-runtime", "ccl-verifier")) {
            Map<String, Object> np = m(find(docs, "NetworkPolicy", app), "spec");
            assertEquals(app, m(np, "podSelector", "matchLabels").get("app.kubernetes.io/name"));
            assertEquals(List.of("Ingress", "Egress"), np.get("policyTypes"));
            for (Object rule : l(np, "egress")) {
                assertFalse(l(rule, "to").isEmpty(), "an egress rule without 'to' allows everything");
            }
            for (Object rule : l(np, "ingress")) {
                assertFalse(l(rule, "from").isEmpty(), "an ingress rule without 'from' allows everything");
            }
        }
        Map<String, Object> runtime = m(find(docs, "NetworkPolicy", "ccl-runtime"), "spec");
        List<Object> ingress = l(runtime, "ingress");
        Map<String, Object> gateway = m(l(ingress.get(0), "from").get(0));
        assertEquals("ccl-gateway", m(gateway, "podSelector", "matchLabels").get("app.kubernetes.io/name"));
        String egress = runtime.get("egress").toString();
        assertTrue(egress.contains("app.kubernetes.io/name=ccl-verifier"), egress);
        assertTrue(egress.contains("kube-dns") && egress.contains("port=53"), egress);
        assertTrue(egress.contains("port=8200"), egress);
        assertFalse(egress.contains("ipBlock"), "no agent CIDRs configured, none allowed");
    }

    @Test
    void agentAllowlistBecomesIpBlockEgress() throws IOException {
        Values v = values().with("agent.egress", "203.0.113.0/24:443, 198.51.100.7/32:8443").forRuntimeClass("kata-qemu-snp");
        List<Object> egress = l(find(Yaml.loadAll(render(v).manifests()), "NetworkPolicy", "ccl-runtime"), "spec", "egress");
        assertEquals(5, egress.size());
        assertEquals("203.0.113.0/24", m(l(egress.get(3), "to").get(0), "ipBlock").get("cidr"));
        assertEquals(8443, m(l(egress.get(4), "ports").get(0)).get("port"));
        assertThrows(IllegalArgumentException.class,
                () -> render(values().with("agent.egress", "api.example.com:443").forRuntimeClass("kata-qemu-snp")));
    }

    @Test
    void attestationAlertRule() throws IOException {
        Map<String, Object> rule = m(find(docs("kata-qemu-snp"), "PrometheusRule", "ccl-runtime"), "spec");
        Map<String, Object> alert = l(rule, "groups").stream().flatMap(g -> l(g, "rules").stream()).map(r -> m(r))
                .filter(r -> "EnclaveAttestationFailed".equals(r.get("alert"))).findFirst().orElseThrow();
        assertEquals("enclave_attestation_valid == 0", alert.get("expr"));
        assertEquals("5m", alert.get("for"));
        assertEquals("critical", m(alert, "labels").get("severity"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"kata-qemu-snp", "kata-qemu-tdx"})
    void initdataAnnotationCarriesTheDocumentWhoseDigestIsAReferenceValue(String rc) throws IOException {
        Render.Rendered r = render(values().forRuntimeClass(rc));
        List<Object> docs = Yaml.loadAll(r.manifests());
        Map<String, Object> annotations = m(find(docs, "Deployment", "ccl-runtime"), "spec", "template", "metadata", "annotations");
        byte[] gz = Base64.getDecoder().decode((String) annotations.get("io.katacontainers.config.hypervisor.cc_init_data"));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertArrayEquals(r.initData().toml(), in.readAllBytes());
        }
        assertEquals(r.initData().algorithm() + ":" + r.initData().digestHex(), annotations.get("ccl.io/initdata-digest"));
        Map<String, Object> ref = m(find(docs, "ConfigMap", "ccl-reference-values"), "data");
        String expected = rc.equals("kata-qemu-tdx") ? "sha384" : "sha256";
        assertEquals(expected, r.initData().algorithm());
        assertEquals(ref.get("initdata.toml." + expected), r.initData().digestHex());
        assertEquals(r.initData().launchField(32), ref.get("sevsnp.host_data"));
        assertEquals(96, ((String) ref.get("tdx.mr_config_id")).length());
    }

    @Test
    void templateRejectsUnknownKeysAndUnsafeValues() {
        Values v = new Values(Map.of("a", "x", "q", "x\" y"));
        assertEquals("k: x\n", Template.render("k: {{a}}\n", v, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Template.render("k: {{nope}}\n", v, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Template.render("k: \"{{q}}\"\n", v, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Template.render("  {{>b}}\n", v, Map.of()));
        assertEquals("  - x: 1\n", Template.render("  {{>b}}\n", v, Map.of("b", "- x: 1\n")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"kata-qemu-snp", "kata-qemu-tdx", "kata-qemu-coco-dev", "kata-cc-isolation"})
    void buildOutputMatchesAFreshRender(String rc) throws IOException {
        Path dir = OUT.resolve(rc);
        assertTrue(Files.isRegularFile(dir.resolve("ccl.yaml")), "the build renders " + dir);
        Render.Rendered r = render(values().forRuntimeClass(rc));
        assertEquals(r.manifests(), Files.readString(dir.resolve("ccl.yaml")));
        assertArrayEquals(r.initData().toml(), Files.readAllBytes(dir.resolve("initdata.toml")));
        assertEquals(r.initData().digestHex().length() == 64 ? Files.readString(dir.resolve("initdata.toml.sha256")).substring(0, 64)
                : Files.readString(dir.resolve("initdata.toml.sha384")).substring(0, 96), r.initData().digestHex());
    }
}
