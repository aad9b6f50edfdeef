package io.ccl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccl.crypto.SigningKey;
import io.ccl.receipts.api.Receipt;
import io.ccl.receipts.api.ReceiptJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ccl receipt verify} on receipts of a real file log, as written and after tampering. */
class ReceiptCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;
    private AttestedLog log;
    private Receipt receipt;
    private Path receiptFile;
    private Path jwksFile;

    @BeforeEach
    void setUp() throws Exception {
        log = new AttestedLog(tmp.resolve("log"), SigningKey.generate());
        log.append(6, "a");
        receipt = log.receipt(3);
        receiptFile = Files.write(tmp.resolve("receipt.json"), ReceiptJson.write(receipt));
        jwksFile = Files.write(tmp.resolve("jwks.json"), MAPPER.writeValueAsBytes(log.jwks()));
    }

    @AfterEach
    void tearDown() {
        log.close();
    }

    @Test
    void receiptVerifiesWithATrustRootFile() throws Exception {
        Cli.Result r = Cli.run("receipt", "verify", receiptFile.toString(), "--trust-root", jwksFile.toString());
        assertEquals(0, r.code(), r.json().toString());
        JsonNode j = r.json();
        assertTrue(r.verified());
        assertNull(r.reason());
        assertEquals("file", j.at("/trust_root/source").asText());
        assertEquals(jwksFile.toAbsolutePath().toString(), j.at("/trust_root/location").asText());
        assertEquals(3, j.at("/entry/index").asLong());
        assertEquals("audit", j.at("/entry/type").asText());
        assertEquals(receipt.entry().id(), j.at("/entry/id").asText());
        assertEquals(receipt.entry().time(), Instant.parse(j.at("/entry/time").asText()));
        assertEquals("job.run", j.at("/entry/content/action").asText());
        assertEquals(3, j.at("/entry/content/n").asInt());
        assertEquals(receipt.treeHead().treeSize(), j.get("tree_size").asLong());
        assertEquals(log.log.logId(), j.get("log_id").asText());
        assertEquals(log.runtimeKey.kid(), j.at("/signing_key/kid").asText());
        assertEquals(log.runtimeKey.publicJwk().get("x"), j.at("/signing_key/jwk/x").asText());
        assertEquals("affirming", j.at("/ear/status").asText());
        assertEquals("simulation", j.at("/ear/tee").asText());
        assertEquals(AttestedLog.ISSUER, j.at("/ear/issuer").asText());
        assertTrue(Instant.parse(j.at("/ear/iat").asText()).isBefore(Instant.parse(j.at("/ear/exp").asText())));
    }

    @Test
    void receiptVerifiesWithTheKeySetOfAVerifierUrl() throws Exception {
        try (FakeServer verifier = new FakeServer()) {
            byte[] jwks = Files.readAllBytes(jwksFile);
            verifier.route("/.well-known/jwks.json", q -> FakeServer.Response.json(jwks));
            Cli.Result r = Cli.run("receipt", "verify", receiptFile.toString(), "--trust-url", verifier.url() + "/");
            assertEquals(0, r.code(), String.valueOf(r.json()));
            assertEquals("url", r.json().at("/trust_root/source").asText());
            assertEquals(verifier.url() + "/.well-known/jwks.json", r.json().at("/trust_root/location").asText());
            assertEquals(1, verifier.hits("/.well-known/jwks.json"));

            // A verifier whose key set is not the one that signed the EAR.
            verifier.route("/.well-known/jwks.json", q -> json(MAPPER.createObjectNode().set("keys",
                    MAPPER.createArrayNode().add(MAPPER.valueToTree(SigningKey.generate().publicJwk())))));
            assertRejected("EAR_INVALID", Cli.run("receipt", "verify", receiptFile.toString(), "--trust-url", verifier.url()));
            // A key set that is not one, and a verifier that is down.
            verifier.route("/.well-known/jwks.json", q -> FakeServer.Response.json("{\"keys\":[]}".getBytes(StandardCharsets.UTF_8)));
            assertRejected("TRUST_ROOT_MALFORMED", Cli.run("receipt", "verify", receiptFile.toString(), "--trust-url", verifier.url()));
            verifier.route("/.well-known/jwks.json", q -> FakeServer.Response.problem(503, "UNAVAILABLE", "signing keys not loaded"));
            Cli.Result down = Cli.run("receipt", "verify", receiptFile.toString(), "--trust-url", verifier.url());
            assertRejected("HTTP_ERROR", down);
            assertEquals(503, down.json().get("http_status").asInt());
            assertEquals("UNAVAILABLE", down.json().at("/problem/code").asText());
            assertEquals("signing keys not loaded", down.json().at("/problem/detail").asText());
        }
    }

    @Test
    void tamperedReceiptsAreRejected() throws Exception {
        tampered("NOT_INCLUDED", r -> ((ObjectNode) r.at("/entry/content")).put("n", 4));
        tampered("NOT_INCLUDED", r -> ((ObjectNode) r.at("/entry/content")).put("extra", true));
        tampered("NOT_INCLUDED", r -> ((ObjectNode) r.get("entry")).put("type", "audit.x"));
        tampered("NOT_INCLUDED", r -> ((ObjectNode) r.get("entry")).put("time", r.at("/entry/time").asLong() + 1));
        tampered("MISMATCH", r -> ((ObjectNode) r.get("entry")).put("index", 2));
        tampered("NOT_INCLUDED", r -> {
            ArrayNode path = (ArrayNode) r.at("/inclusion_proof/path");
            String h = path.get(0).asText();
            path.set(0, MAPPER.getNodeFactory().textNode((h.charAt(0) == '0' ? "1" : "0") + h.substring(1)));
        });
        tampered("BAD_SIGNATURE", r -> ((ObjectNode) r.get("tree_head")).put("root_hash", "00".repeat(32)));
        tampered("BAD_SIGNATURE", r -> ((ObjectNode) r.get("tree_head")).put("timestamp", r.at("/tree_head/timestamp").asLong() - 1));
        tampered("BAD_SIGNATURE", r -> {
            String sig = r.at("/tree_head/signature").asText();
            ((ObjectNode) r.get("tree_head")).put("signature", (sig.charAt(0) == 'A' ? "B" : "A") + sig.substring(1));
        });
        tampered("EAR_MISSING", r -> ((ObjectNode) r.get("tree_head")).remove("ear"));
        tampered("EAR_INVALID", r -> ((ObjectNode) r.get("tree_head")).put("ear",
                AttestedLog.ear(SigningKey.generate(), "affirming", log.runtimeKey.publicJwk(), Instant.now().minusSeconds(5),
                        Instant.now().plusSeconds(3600))));
        tampered("KEY_NOT_BOUND", r -> ((ObjectNode) r.get("tree_head")).put("ear", log.ear("affirming", SigningKey.generate())));
        tampered("EAR_NOT_AFFIRMING", r -> ((ObjectNode) r.get("tree_head")).put("ear", log.ear("contraindicated", log.runtimeKey)));
        tampered("MALFORMED", r -> ((ObjectNode) r).put("format", "ccl-receipt-v2"));
        tampered("MALFORMED", r -> ((ObjectNode) r.get("tree_head")).put("extra", 1));
        Files.writeString(receiptFile, "{not json");
        assertRejected("MALFORMED", verify());
    }

    @Test
    void logIdAndIssuerArePinned() throws Exception {
        String logId = log.log.logId();
        assertEquals(0, verify("--log-id", logId.toUpperCase()).code());
        assertRejected("WRONG_LOG", verify("--log-id", "cd".repeat(32)));
        assertEquals(0, verify("--issuer", AttestedLog.ISSUER).code());
        assertRejected("EAR_INVALID", verify("--issuer", "https://elsewhere.test"));
    }

    @Test
    void warningEarsNeedAllowWarning() throws Exception {
        log.useEar(log.ear("warning", log.runtimeKey));
        log.head();
        Files.write(receiptFile, ReceiptJson.write(log.receipt(3)));
        assertRejected("EAR_NOT_AFFIRMING", verify());
        Cli.Result r = verify("--allow-warning");
        assertEquals(0, r.code());
        assertEquals("warning", r.json().at("/ear/status").asText());
    }

    @Test
    void usageErrorsExitTwoAndPrintNothing() throws Exception {
        Path notJwks = Files.writeString(tmp.resolve("not-jwks.json"), "{\"keys\":[{\"kty\":\"oct\",\"k\":\"AAAA\"}]}");
        String file = receiptFile.toString();
        String jwks = jwksFile.toString();
        String[][] bad = {
            {"receipt"},
            {"receipt", "check", file, "--trust-root", jwks},
            {"receipt", "verify", "--trust-root", jwks},
            {"receipt", "verify", file, file, "--trust-root", jwks},
            {"receipt", "verify", file},
            {"receipt", "verify", file, "--trust-root", jwks, "--trust-url", "http://127.0.0.1:1"},
            {"receipt", "verify", file, "--trust-root", jwks, "--now", "2025-01-01"},
            {"receipt", "verify", file, "--trust-root", jwks, "--allow-warning=yes"},
            {"receipt", "verify", file, "--trust-root", jwks, "--log-id", "abc"},
            {"receipt", "verify", file, "--trust-root", jwks, "--issuer"},
            {"receipt", "verify", tmp.resolve("absent.json").toString(), "--trust-root", jwks},
            {"receipt", "verify", file, "--trust-root", tmp.resolve("absent-jwks.json").toString()},
            {"receipt", "verify", file, "--trust-root", notJwks.toString()},
            {"receipt", "verify", file, "--trust-url", "ftp://verifier.test"},
            {"receipt", "verify", file, "--trust-url", "http://verifier.test/?x=1"},
        };
        for (String[] args : bad) {
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.code(), String.join(" ", args));
            assertNull(r.json(), String.join(" ", args));
            assertTrue(r.err().startsWith("ccl: "), r.err());
        }
    }

    private Cli.Result verify(String... extra) throws Exception {
        String[] args = new String[5 + extra.length];
        args[0] = "receipt";
        args[1] = "verify";
        args[2] = receiptFile.toString();
        args[3] = "--trust-root";
        args[4] = jwksFile.toString();
        System.arraycopy(extra, 0, args, 5, extra.length);
        return Cli.run(args);
    }

    private void tampered(String reason, Consumer<JsonNode> change) throws Exception {
        JsonNode r = MAPPER.readTree(ReceiptJson.write(receipt));
        change.accept(r);
        Files.write(receiptFile, MAPPER.writeValueAsBytes(r));
        assertRejected(reason, verify());
    }

    private static void assertRejected(String reason, Cli.Result r) {
        assertEquals(1, r.code(), String.valueOf(r.json()));
        assertFalse(r.verified());
        assertEquals(reason, r.reason(), String.valueOf(r.json()));
        assertFalse(r.json().has("signing_key"), "no key is reported as attested when rejected");
    }

    private static FakeServer.Response json(JsonNode node) {
        try {
            return FakeServer.Response.json(MAPPER.writeValueAsBytes(node));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
