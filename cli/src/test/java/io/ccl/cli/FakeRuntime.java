package io.ccl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccl.crypto.CryptoException;
import io.ccl.crypto.EncryptionKey;
import io.ccl.crypto.Jwe;
import io.ccl.crypto.RuntimeDataBinding;
import io.ccl.crypto.SigningKey;
import io.ccl.tee.api.AttesterException;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.api.EvidenceJson;
import io.ccl.tee.simulation.attest.InsecureSimulationAttester;
import io.ccl.tee.simulation.install.InsecureInstallationKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A runtime with the REST shapes of io.ccl.runtime.http's AttestationServlet and
 * io.ccl.agents.engine's AgentsServlet/JobsServlet: simulation evidence from a real
 * {@link InsecureSimulationAttester} bound to runtime-data with a real JWE key ({@code tee-pubkey}),
 * an EAR token and its JWKS, job submission that opens the input with the runtime key and checks
 * its shape, and job views with a result sealed to {@code reply_to}. What it received is kept for
 * assertions; how it misbehaves is set per test.
 */
final class FakeRuntime implements AutoCloseable {
    static final String ATTESTATION = "/api/v1/compute/attestation";
    static final String JOBS = "/api/v1/agents/sara/jobs";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How a submitted job ends. */
    enum Ending {
        COMPLETED, FAILED, SEALED_TO_ANOTHER_KEY, WRONG_RESULT_DIGEST, WRONG_INPUT_DIGEST, NEVER
    }

    /** One accepted submission: the decrypted input and the key the result goes to. */
    record Received(String id, byte[] plaintext, JsonNode input, Map<String, Object> replyTo) {
    }

    final FakeServer server;
    final EncryptionKey runtimeKey = EncryptionKey.generate();
    final SigningKey verifierKey = SigningKey.generate();
    /** The public key file of the installation key the CLI is told to trust ({@code --trust-key}). */
    final Path trustKey;
    final List<Received> received = new CopyOnWriteArrayList<>();
    /** Answers given to submissions before one is accepted (503s, a 409 ...). */
    final Deque<FakeServer.Response> refusals = new ArrayDeque<>();
    final Map<String, ObjectNode> results = new ConcurrentHashMap<>();
    volatile InsecureSimulationAttester attester;
    /** Applied to runtime-data after the evidence was made over it (identity: honest). */
    volatile UnaryOperator<Map<String, Object>> tamper = UnaryOperator.identity();
    volatile Ending ending = Ending.COMPLETED;
    /** Polls answered RUNNING before the job shows its end. */
    volatile int runningPolls = 1;

    FakeRuntime(Path dir) throws Exception {
        trustKey = dir.resolve("trusted").resolve(InsecureInstallationKey.PUBLIC_FILE);
        attester = attester(dir.resolve("trusted"));
        server = new FakeServer();
        server.route(ATTESTATION, this::attestation);
        server.route("/.well-known/jwks.json", q -> FakeServer.Response.json(200, Map.of("keys", List.of(verifierKey.publicJwk()))));
        server.handle(JOBS, this::submit);
    }

    /** An attester signing with the simulation installation key kept in {@code dir} (made on first use). */
    static InsecureSimulationAttester attester(Path dir) throws Exception {
        return new InsecureSimulationAttester(InsecureInstallationKey.loadOrCreate(dir), InsecureSimulationAttester.measurementOf(""),
                false, Clock.systemUTC());
    }

    String url() {
        return server.url();
    }

    private FakeServer.Response attestation(String query) {
        String nonce = query.substring(query.indexOf("nonce=") + 6);
        Map<String, Object> runtimeData = new LinkedHashMap<>();
        runtimeData.put("nonce", nonce);
        runtimeData.put("tee-pubkey", runtimeKey.publicJwk());
        runtimeData.put("measurements", "sha384:" + "ab".repeat(48));
        Evidence evidence;
        try {
            evidence = attester.attest(RuntimeDataBinding.reportData(runtimeData));
        } catch (AttesterException | CryptoException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("attestation_report", Base64.getEncoder().encodeToString(evidence.payload()));
        body.put("tee_type", evidence.teeType());
        body.put("timestamp", Instant.now().toString());
        body.put("nonce", nonce);
        body.put("runtime_data", tamper.apply(runtimeData));
        body.put("tee_evidence", EvidenceJson.toJson(evidence));
        body.put("attestation_token", ear(runtimeData));
        return FakeServer.Response.json(200, body);
    }

    private String ear(Map<String, Object> runtimeData) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", "https://runtime.test");
        c.put("iat", Instant.now().getEpochSecond() - 5);
        c.put("exp", Instant.now().getEpochSecond() + 3600);
        c.put("ccl.status", "affirming");
        c.put("ccl.tee", "simulation");
        c.put("ccl.runtime-data", runtimeData);
        return verifierKey.signJwt(c, "JWT");
    }

    private FakeServer.Response submit(FakeServer.Request request) {
        if (!"POST".equals(request.method())) {
            return FakeServer.Response.problem(405, "METHOD_NOT_ALLOWED", "use POST");
        }
        if (request.contentType() == null || !request.contentType().startsWith("application/json")) {
            return FakeServer.Response.problem(415, "UNSUPPORTED_MEDIA_TYPE", "application/json only");
        }
        synchronized (refusals) {
            if (!refusals.isEmpty()) {
                return refusals.poll();
            }
        }
        JsonNode body = read(request.body());
        if (body.size() != 2 || !body.path("input").isTextual() || !body.path("reply_to").isObject()) {
            return FakeServer.Response.problem(400, "INVALID_FIELD", "input and reply_to only");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> replyTo = MAPPER.convertValue(body.get("reply_to"), Map.class);
        if (replyTo.containsKey("d") || !Jwe.isSealable(replyTo)) {
            return FakeServer.Response.problem(400, "INVALID_REPLY_KEY", "reply_to must be a public key");
        }
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(random(16));
        byte[] plaintext;
        try {
            plaintext = runtimeKey.open(body.get("input").asText());
        } catch (CryptoException e) {
            throw new AssertionError("the input does not open with the runtime key", e);
        }
        JsonNode input = read(plaintext);
        if (input.size() != 2 || !input.path("audio").isTextual() || !input.path("metadata").isObject()) {
            throw new AssertionError("the input is not {audio, metadata}");
        }
        received.add(new Received(id, plaintext, input, replyTo));
        AtomicInteger polls = new AtomicInteger();
        server.route("/api/v1/jobs/" + id, q -> view(id, polls.incrementAndGet(), plaintext, input, replyTo));
        Map<String, Object> accepted = new LinkedHashMap<>();
        accepted.put("id", id);
        accepted.put("status", "QUEUED");
        accepted.put("location", "/api/v1/jobs/" + id);
        return FakeServer.Response.json(202, accepted).withHeader("Location", "/api/v1/jobs/" + id);
    }

    private FakeServer.Response view(String id, int poll, byte[] plaintext, JsonNode input, Map<String, Object> replyTo) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", id);
        v.put("agent_type", "sara");
        boolean ended = ending != Ending.NEVER && poll > runningPolls;
        v.put("status", !ended ? "RUNNING" : ending == Ending.FAILED ? "FAILED" : "COMPLETED");
        v.put("submitted_at", Instant.now().minusSeconds(1).toString());
        v.put("started_at", Instant.now().toString());
        v.put("attempts", 1);
        if (ended && ending == Ending.FAILED) {
            v.put("finished_at", Instant.now().toString());
            v.put("input_sha256", JobInput.sha256(plaintext));
            v.put("error", Map.of("code", "AUDIO_NOT_WAV", "message", "not a RIFF/WAVE file"));
        } else if (ended) {
            ObjectNode result = results.computeIfAbsent(id, k -> result(id, input));
            byte[] bytes = bytes(result);
            Map<String, Object> sealTo = ending == Ending.SEALED_TO_ANOTHER_KEY ? EncryptionKey.generate().publicJwk() : replyTo;
            try {
                v.put("result", Jwe.seal(bytes, sealTo));
            } catch (CryptoException e) {
                throw new IllegalStateException(e);
            }
            v.put("finished_at", Instant.now().toString());
            v.put("result_content_type", "application/json");
            v.put("result_sha256", ending == Ending.WRONG_RESULT_DIGEST ? "00".repeat(32) : JobInput.sha256(bytes));
            v.put("input_sha256", ending == Ending.WRONG_INPUT_DIGEST ? "11".repeat(32) : JobInput.sha256(plaintext));
            v.put("safe_view", result.get("safe_view"));
            // The id of the job's entry in the receipts log (io.ccl.agents.api JobView.receiptId).
            v.put("receipt_id", JobInput.sha256(id.getBytes(StandardCharsets.UTF_8)));
        } else {
            v.put("input_sha256", JobInput.sha256(plaintext));
        }
        v.put("models", List.of());
        return FakeServer.Response.json(200, v);
    }

    /** A result shaped like the voice agents' (raw metadata inside; the safe view holds a token only). */
    private static ObjectNode result(String id, JsonNode input) {
        ObjectNode r = MAPPER.createObjectNode();
        r.put("schema", "ccl.voice.result/1");
        r.put("job_id", id);
        r.put("agent_type", "sara");
        r.set("metadata", input.get("metadata"));
        r.putObject("analytics").put("duration_ms", 1000);
        ObjectNode safe = r.putObject("safe_view");
        safe.put("schema", "ccl.voice.safe-view/1");
        safe.put("caller", "sha256:" + HexFormat.of().formatHex(random(16)));
        safe.putObject("security").put("pii_masked", true);
        return r;
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static JsonNode read(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + new String(json, 0, Math.min(json.length, 40), StandardCharsets.UTF_8), e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
