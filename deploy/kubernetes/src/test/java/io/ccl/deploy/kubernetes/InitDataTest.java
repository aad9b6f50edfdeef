package io.ccl.deploy.kubernetes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class InitDataTest {
    private static final String CERT = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2Ns\n-----END CERTIFICATE-----\n";

    @Test
    void generationIsByteIdenticalAcrossRuns() throws IOException {
        Values v = ManifestsTest.values().forRuntimeClass("kata-qemu-snp");
        Render.Rendered first = new Render(ManifestsTest.SRC, ManifestsTest.CONFIG).render(v);
        Render.Rendered second = new Render(ManifestsTest.SRC, ManifestsTest.CONFIG).render(v);
        assertArrayEquals(first.initData().toml(), second.initData().toml());
        assertEquals(first.initData().annotation(), second.initData().annotation());
        assertEquals(first.manifests(), second.manifests());
        assertArrayEquals(InitData.of("sha384", "https://kbs.example:8443", CERT, "package p\n").toml(),
                InitData.of("sha384", "https://kbs.example:8443", CERT, "package p\r\n").toml());
    }

    @Test
    void documentHasSortedKeysAndFixedLayout() {
        String toml = new String(InitData.of("sha256", "http://kbs:8080", "", "package agent_policy\n").toml(), StandardCharsets.UTF_8);
        assertTrue(toml.startsWith("algorithm = \"sha256\"\nversion = \"0.1.0\"\n\n[data]\n\"aa.toml\" = '''\n"), toml);
        assertTrue(toml.indexOf("\"aa.toml\"") < toml.indexOf("\"cdh.toml\"") && toml.indexOf("\"cdh.toml\"") < toml.indexOf("\"policy.rego\""));
        assertFalse(toml.contains("\r"));
        assertFalse(toml.contains("cert"), "no certificate configured");
        assertTrue(toml.endsWith("package agent_policy\n'''\n"), toml);
    }

    @Test
    void certificateGoesToBothGuestComponentsAndChangesTheDigest() {
        InitData plain = InitData.of("sha256", "https://kbs:8443", "", "package p\n");
        InitData withCert = InitData.of("sha256", "https://kbs:8443", CERT, "package p\n");
        String toml = new String(withCert.toml(), StandardCharsets.UTF_8);
        assertTrue(toml.contains("cert = \"-----BEGIN CERTIFICATE-----\\nMIIBszCCAVmgAwIBAgIUQ2Ns\\n-----END CERTIFICATE-----\""), toml);
        assertTrue(toml.contains("kbs_cert = "));
        assertNotEquals(plain.digestHex(), withCert.digestHex());
    }

    @Test
    void launchFieldsArePaddedOrTruncated() {
        InitData d256 = InitData.of("sha256", "http://kbs:8080", "", "package p\n");
        assertEquals(d256.digestHex(), d256.launchField(32));
        assertEquals(d256.digestHex() + "0".repeat(32), d256.launchField(48));
        InitData d384 = InitData.of("sha384", "http://kbs:8080", "", "package p\n");
        assertEquals(96, d384.digestHex().length());
        assertEquals(d384.digestHex(), d384.launchField(48));
        assertEquals(d384.digestHex().substring(0, 64), d384.launchField(32));
    }

    @Test
    void rejectsInputsThatWouldBreakTheDocument() {
        assertThrows(IllegalArgumentException.class, () -> InitData.of("md5", "http://kbs:8080", "", "p"));
        assertThrows(IllegalArgumentException.class, () -> InitData.of("sha256", "http://kbs:8080\"\nx=1", "", "p"));
        assertThrows(IllegalArgumentException.class, () -> InitData.of("sha256", "http://kbs:8080", "not a cert", "p"));
        assertThrows(IllegalArgumentException.class, () -> InitData.of("sha256", "http://kbs:8080", "", "a '''\nb"));
    }

    @Test
    void writtenDigestFilesMatchTheDocument() throws IOException {
        for (String rc : List.of("kata-qemu-snp", "kata-qemu-tdx")) {
            Path dir = ManifestsTest.OUT.resolve(rc);
            InitData d = new InitData(ManifestsTest.values().forRuntimeClass(rc).get("initdata.algorithm"),
                    Files.readAllBytes(dir.resolve("initdata.toml")));
            assertEquals(java.util.HexFormat.of().formatHex(d.digest("sha256")) + "  initdata.toml\n",
                    Files.readString(dir.resolve("initdata.toml.sha256")));
            assertEquals(java.util.HexFormat.of().formatHex(d.digest("sha384")) + "  initdata.toml\n",
                    Files.readString(dir.resolve("initdata.toml.sha384")));
        }
    }
}
