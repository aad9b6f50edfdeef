package io.ccl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccl.crypto.SigningKey;
import io.ccl.receipts.api.ConsistencyProof;
import io.ccl.receipts.api.ReceiptJson;
import io.ccl.receipts.api.SignedTreeHead;
import io.ccl.receipts.api.TreeHead;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ccl log audit} against a loopback server serving a real, growing file log's heads and
 * consistency proofs (the runtime's REST shapes), and against a runtime that rolls back or forks.
 */
class LogAuditCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;
    private AttestedLog log;
    private FakeServer server;
    private Path state;
    private Path jwksFile;
    /** What the server serves as the tree head. */
    private final AtomicReference<SignedTreeHead> served = new AtomicReference<>();
    /** Applied to every consistency proof the server sends (identity: honest). */
    private final AtomicReference<UnaryOperator<ConsistencyProof>> proofs = new AtomicReference<>(UnaryOperator.identity());

    @BeforeEach
    void setUp() throws Exception {
        log = new AttestedLog(tmp.resolve("log"), SigningKey.generate());
        state = tmp.resolve("home/.ccl/log-heads.json");
        jwksFile = Files.write(tmp.resolve("jwks.json"), MAPPER.writeValueAsBytes(log.jwks()));
        server = new FakeServer();
        server.route(LogAuditCommand.TREE_HEAD_PATH, q -> FakeServer.Response.json(ReceiptJson.write(served.get())));
        server.route(LogAuditCommand.CONSISTENCY_PATH, q -> {
            Map<String, Long> p = query(q);
            try {
                ConsistencyProof proof = log.log.consistencyProof(p.get("first"), p.get("second"));
                return FakeServer.Response.json(ReceiptJson.write(proofs.get().apply(proof)));
            } catch (Exception e) {
                return FakeServer.Response.problem(400, "INVALID_ARGUMENT", e.getMessage());
            }
        });
        server.route("/.well-known/jwks.json", q -> FakeServer.Response.json(ReceiptJsonBytes.of(log.jwks())));
    }

    @AfterEach
    void tearDown() {
        server.close();
        log.close();
    }

    @Test
    void growingLogIsAcceptedAndRemembered() throws Exception {
        log.append(3, "a");
        served.set(log.head());
        Cli.Result first = audit();
        assertEquals(0, first.code(), String.valueOf(first.json()));
        assertEquals("first-seen", first.json().get("consistency").asText());
        assertTrue(first.json().get("state_updated").asBoolean());
        assertEquals("affirming", first.json().at("/ear/status").asText());
        assertEquals(log.runtimeKey.kid(), first.json().at("/signing_key/kid").asText());
        assertEquals(3, storedSize());
        assertEquals(0, server.hits(LogAuditCommand.CONSISTENCY_PATH));

        log.append(4, "b");
        served.set(log.head());
        Cli.Result grown = audit();
        assertEquals(0, grown.code(), String.valueOf(grown.json()));
        assertEquals("proved", grown.json().get("consistency").asText());
        assertEquals(3, grown.json().at("/previous/tree_size").asLong());
        assertEquals(7, grown.json().get("tree_size").asLong());
        assertEquals(1, server.hits(LogAuditCommand.CONSISTENCY_PATH));
        assertEquals(7, storedSize());

        // Unchanged log, fresh head (new timestamp): consistent, no proof needed.
        served.set(log.head());
        Cli.Result same = audit();
        assertEquals(0, same.code());
        assertEquals("same-size", same.json().get("consistency").asText());
        assertEquals(1, server.hits(LogAuditCommand.CONSISTENCY_PATH));

        // The key set can also come from the verifier's URL.
        log.append(1, "c");
        served.set(log.head());
        Cli.Result viaUrl = Cli.run("log", "audit", "--url", server.url(), "--state", state.toString(), "--trust-url", server.url());
        assertEquals(0, viaUrl.code(), String.valueOf(viaUrl.json()));
        assertEquals("url", viaUrl.json().at("/trust_root/source").asText());
        assertEquals(8, storedSize());
    }

    @Test
    void rollbackToASmallerTreeIsRejectedAndStateKept() throws Exception {
        log.append(3, "a");
        SignedTreeHead small = log.head();
        log.append(4, "b");
        served.set(log.head());
        assertEquals(0, audit().code());
        byte[] before = Files.readAllBytes(state);

        served.set(small);
        Cli.Result r = audit();
        assertRejected("ROLLBACK", r);
        assertEquals(7, r.json().at("/previous/tree_size").asLong());
        assertArrayEquals(before, Files.readAllBytes(state));
    }

    @Test
    void forkedHeadsAreRejectedAndStateKept() throws Exception {
        log.append(7, "a");
        served.set(log.head());
        assertEquals(0, audit().code());
        byte[] before = Files.readAllBytes(state);
        String logId = log.log.logId();

        // Another history of the same log, signed by the same (attested, but misbehaving) runtime key.
        try (AttestedLog other = new AttestedLog(tmp.resolve("fork"), log.verifierKey)) {
            other.append(9, "forked");
            // Same size, another root.
            served.set(log.sign(new TreeHead(logId, 7, other.log.rootHash(7), Instant.ofEpochMilli(System.currentTimeMillis()))));
            Cli.Result sameSize = audit();
            assertRejected("INCONSISTENT", sameSize);
            assertEquals(0, server.hits(LogAuditCommand.CONSISTENCY_PATH));

            // Bigger, with a proof that is valid — for the forked history.
            served.set(log.sign(new TreeHead(logId, 9, other.log.rootHash(9), Instant.ofEpochMilli(System.currentTimeMillis()))));
            server.route(LogAuditCommand.CONSISTENCY_PATH, q -> {
                try {
                    return FakeServer.Response.json(ReceiptJson.write(other.log.consistencyProof(7, 9)));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertRejected("INCONSISTENT", audit());
        }
        assertArrayEquals(before, Files.readAllBytes(state));
    }

    @Test
    void badConsistencyProofsAreRejectedAndStateKept() throws Exception {
        log.append(5, "a");
        served.set(log.head());
        assertEquals(0, audit().code());
        byte[] before = Files.readAllBytes(state);
        log.append(6, "b");
        served.set(log.head());

        proofs.set(p -> {
            List<byte[]> path = new ArrayList<>(p.path());
            byte[] h = path.get(0);
            h[5] ^= 1;
            return new ConsistencyProof(p.firstSize(), p.secondSize(), path);
        });
        assertRejected("INCONSISTENT", audit());
        proofs.set(p -> new ConsistencyProof(p.firstSize(), p.secondSize(), p.path().subList(1, p.path().size())));
        assertRejected("INCONSISTENT", audit());
        proofs.set(p -> new ConsistencyProof(p.firstSize() - 1, p.secondSize(), p.path()));
        assertRejected("MISMATCH", audit());
        server.route(LogAuditCommand.CONSISTENCY_PATH, q -> FakeServer.Response.json("{\"first_size\":5}".getBytes()));
        assertRejected("MALFORMED", audit());
        server.route(LogAuditCommand.CONSISTENCY_PATH, q -> FakeServer.Response.problem(400, "INVALID_ARGUMENT", "no such size"));
        Cli.Result problem = audit();
        assertRejected("HTTP_ERROR", problem);
        assertEquals("INVALID_ARGUMENT", problem.json().at("/problem/code").asText());
        assertArrayEquals(before, Files.readAllBytes(state));
    }

    @Test
    void unattestedOrForeignHeadsAreRejectedBeforeTheStateIsTouched() throws Exception {
        log.append(2, "a");
        log.useEar(AttestedLog.ear(SigningKey.generate(), "affirming", log.runtimeKey.publicJwk(), Instant.now().minusSeconds(5),
                Instant.now().plusSeconds(3600)));
        served.set(log.head());
        assertRejected("EAR_INVALID", audit());
        log.useEar(log.ear("contraindicated", log.runtimeKey));
        served.set(log.head());
        assertRejected("EAR_NOT_AFFIRMING", audit());
        log.useEar(log.ear("affirming", SigningKey.generate()));
        served.set(log.head());
        assertRejected("KEY_NOT_BOUND", audit());
        log.useEar(log.ear("affirming", log.runtimeKey));
        served.set(log.head());
        assertRejected("WRONG_LOG", audit("--log-id", "ef".repeat(32)));
        assertFalse(Files.exists(state));
        assertEquals(0, audit("--log-id", log.log.logId()).code());
    }

    @Test
    void serverErrorsAreReportedAsSuch() throws Exception {
        server.route(LogAuditCommand.TREE_HEAD_PATH, q -> FakeServer.Response.problem(503, "NOT_SIGNED", "no tree head signer is available"));
        Cli.Result r = audit();
        assertRejected("HTTP_ERROR", r);
        assertEquals(503, r.json().get("http_status").asInt());
        assertEquals("NOT_SIGNED", r.json().at("/problem/code").asText());
        assertEquals("no tree head signer is available", r.json().at("/problem/detail").asText());

        server.route(LogAuditCommand.TREE_HEAD_PATH, q -> FakeServer.Response.json(new byte[LogAuditCommand.MAX_TREE_HEAD + 1]));
        assertRejected("RESPONSE_TOO_LARGE", audit());
        server.route(LogAuditCommand.TREE_HEAD_PATH, q -> FakeServer.Response.json("[]".getBytes()));
        assertRejected("MALFORMED", audit());
        Cli.Result down = Cli.run("log", "audit", "--url", "http://127.0.0.1:1", "--state", state.toString(),
                "--trust-root", jwksFile.toString());
        assertRejected("UNAVAILABLE", down);
        assertFalse(Files.exists(state));
    }

    @Test
    void unusableStateIsRejectedAndLeftAlone() throws Exception {
        log.append(2, "a");
        served.set(log.head());
        Files.createDirectories(state.getParent());
        Files.writeString(state, "{\"format\":\"something-else\"}");
        assertRejected("STATE_UNUSABLE", audit());
        assertEquals("{\"format\":\"something-else\"}", Files.readString(state));
        // A stored head of another log under this log's id.
        Files.writeString(state, "{\"format\":\"ccl-log-heads-v1\",\"logs\":{\"" + log.log.logId() + "\":{\"url\":\"x\","
                + "\"verified_at\":\"2025-01-01T00:00:00Z\",\"tree_head\":" + new String(ReceiptJson.write(
                        log.sign(new TreeHead("12".repeat(32), 0, log.log.rootHash(0), Instant.ofEpochMilli(System.currentTimeMillis()))))) + "}}}");
        assertRejected("STATE_UNUSABLE", audit());
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        String jwks = jwksFile.toString();
        String[][] bad = {
            {"log"},
            {"log", "check", "--url", server.url(), "--trust-root", jwks},
            {"log", "audit", "--trust-root", jwks},
            {"log", "audit", "--url", server.url()},
            {"log", "audit", "--url", "not a url", "--trust-root", jwks},
            {"log", "audit", "--url", "file:///etc/passwd", "--trust-root", jwks},
            {"log", "audit", "--url", server.url(), "--trust-root", jwks, "extra"},
            {"log", "audit", "--url", server.url(), "--trust-root", jwks, "--state"},
            {"log", "audit", "--url", server.url(), "--trust-root", jwks, "--log-id", "zz"},
        };
        for (String[] args : bad) {
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.code(), String.join(" ", args));
            assertNull(r.json());
        }
        assertEquals(0, server.hits(LogAuditCommand.TREE_HEAD_PATH));
    }

    private Cli.Result audit(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("log", "audit", "--url", server.url(), "--state", state.toString(),
                "--trust-root", jwksFile.toString()));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    private long storedSize() throws Exception {
        JsonNode s = MAPPER.readTree(state.toFile());
        assertEquals("ccl-log-heads-v1", s.get("format").asText());
        return s.at("/logs/" + log.log.logId() + "/tree_head/tree_size").asLong();
    }

    private static Map<String, Long> query(String q) {
        Map<String, Long> m = new HashMap<>();
        for (String part : q.split("&")) {
            String[] kv = part.split("=", 2);
            m.put(kv[0], Long.parseLong(kv[1]));
        }
        return m;
    }

    private static void assertRejected(String reason, Cli.Result r) {
        assertEquals(1, r.code(), String.valueOf(r.json()));
        assertFalse(r.verified());
        assertEquals(reason, r.reason(), String.valueOf(r.json()));
        assertFalse(r.json().get("state_updated").asBoolean());
    }

    /** JSON bytes of a map, for routes. */
    private static final class ReceiptJsonBytes {
        static byte[] of(Object value) {
            try {
                return MAPPER.writeValueAsBytes(value);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }
}
