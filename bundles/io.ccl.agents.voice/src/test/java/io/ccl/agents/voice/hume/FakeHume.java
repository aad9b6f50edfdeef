package io.ccl.agents.voice.hume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Hume's batch expression-measurement API (JDK HttpServer), following its
 * published OpenAPI description: {@code POST /v0/batch/jobs} (multipart {@code json} + {@code file},
 * header {@code X-Hume-Api-Key}) → {@code {"job_id"}}; {@code GET /v0/batch/jobs/{id}} →
 * {@code {"job_id", "state": {"status": QUEUED|IN_PROGRESS|COMPLETED|FAILED, ...}}};
 * {@code GET /v0/batch/jobs/{id}/predictions} → an array of source results. A wrong key gets 401
 * with Hume's message body. Records what it received.
 */
public final class FakeHume implements AutoCloseable {
    /** How the fake behaves. */
    public enum Mode { OK, JOB_FAILS, SERVER_ERROR, MALFORMED, STUCK }

    static final ObjectMapper JSON = new ObjectMapper();
    public final String apiKey = "hume-test-key-" + UUID.randomUUID();
    public final AtomicInteger requests = new AtomicInteger();
    public volatile Mode mode = Mode.OK;
    public volatile byte[] receivedFile;
    public volatile JsonNode receivedConfig;
    public volatile String receivedFileName;
    private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
    private final HttpServer server;

    public FakeHume() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v0/batch/jobs", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange x) throws IOException {
        requests.incrementAndGet();
        try (x) {
            byte[] body = x.getRequestBody().readAllBytes();
            if (!apiKey.equals(x.getRequestHeaders().getFirst("X-Hume-Api-Key"))) {
                send(x, 401, "{\"message\":\"Invalid ApiKey\"}");
                return;
            }
            if (mode == Mode.SERVER_ERROR) {
                send(x, 500, "{\"message\":\"internal\"}");
                return;
            }
            String path = x.getRequestURI().getPath();
            String rest = path.substring("/v0/batch/jobs".length());
            String[] parts = rest.isEmpty() ? new String[0] : rest.substring(1).split("/");
            if (x.getRequestMethod().equals("POST") && parts.length == 0) {
                submit(x, body);
            } else if (x.getRequestMethod().equals("GET") && parts.length == 1) {
                details(x, parts[0]);
            } else if (x.getRequestMethod().equals("GET") && parts.length == 2 && parts[1].equals("predictions")) {
                send(x, 200, mode == Mode.MALFORMED ? "{\"not\":\"an array\"}" : PREDICTIONS);
            } else {
                send(x, 404, "{\"message\":\"not found\"}");
            }
        }
    }

    private void submit(HttpExchange x, byte[] body) throws IOException {
        String type = x.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("multipart/form-data; boundary=")) {
            send(x, 415, "{\"message\":\"multipart expected\"}");
            return;
        }
        Map<String, byte[]> fields = parseMultipart(body, type.substring(type.indexOf('=') + 1));
        if (!fields.containsKey("json") || !fields.containsKey("file")) {
            send(x, 400, "{\"message\":\"json and file required\"}");
            return;
        }
        receivedConfig = JSON.readTree(fields.get("json"));
        receivedFile = fields.get("file");
        String id = UUID.randomUUID().toString();
        polls.put(id, new AtomicInteger());
        send(x, 200, "{\"job_id\":\"" + id + "\"}");
    }

    private void details(HttpExchange x, String id) throws IOException {
        AtomicInteger n = polls.get(id);
        if (n == null) {
            send(x, 404, "{\"message\":\"no such job\"}");
            return;
        }
        int i = n.getAndIncrement();
        String status = mode == Mode.STUCK ? "IN_PROGRESS" : i == 0 ? "QUEUED" : i == 1 ? "IN_PROGRESS"
                : mode == Mode.JOB_FAILS ? "FAILED" : "COMPLETED";
        send(x, 200, "{\"job_id\":\"" + id + "\",\"type\":\"INFERENCE\",\"request\":{\"files\":[]},\"state\":{\"status\":\""
                + status + "\",\"created_timestamp_ms\":1,\"started_timestamp_ms\":2"
                + (status.equals("FAILED") ? ",\"ended_timestamp_ms\":3,\"message\":\"transcript for caller 333 1234567 failed\"" : "")
                + "}}");
    }

    /** RFC 7578 parsing, enough for the fake: name → content. */
    private Map<String, byte[]> parseMultipart(byte[] body, String boundary) {
        Map<String, byte[]> out = new ConcurrentHashMap<>();
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        int pos = indexOf(body, delimiter, 0);
        while (pos >= 0) {
            int start = pos + delimiter.length;
            if (start + 2 <= body.length && body[start] == '-' && body[start + 1] == '-') {
                break;
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), start);
            String headers = new String(body, start, headersEnd - start, StandardCharsets.US_ASCII);
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII), headersEnd);
            byte[] content = Arrays.copyOfRange(body, headersEnd + 4, next);
            java.util.regex.Matcher nm = java.util.regex.Pattern.compile("; name=\"([^\"]+)\"").matcher(headers);
            String name = nm.find() ? nm.group(1) : "";
            if (headers.contains("filename=\"")) {
                receivedFileName = headers.replaceAll("(?s).*filename=\"([^\"]+)\".*", "$1");
            }
            out.put(name, content);
            pos = next + 2;
        }
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A transcript full of personal data, two speakers, groups not in time order. */
    static final String PREDICTIONS = """
        [{"source": {"type": "file", "filename": "call.wav", "content_type": "audio/wav", "md5sum": "0"},
          "results": {"errors": [], "predictions": [{"file": "call.wav", "models": {
            "language": {"metadata": {"confidence": 0.93, "detected_language": "it"}, "grouped_predictions": [
              {"id": "caller", "predictions": [
                {"text": "Buongiorno, sono Mario Rossi, il mio numero è 333 1234567", "position": {"begin": 0, "end": 57},
                 "time": {"begin": 0.1, "end": 0.7}, "emotions": [],
                 "sentiment": [{"name": "1", "score": 0.0}, {"name": "2", "score": 0.0}, {"name": "3", "score": 0.0},
                               {"name": "4", "score": 0.1}, {"name": "5", "score": 0.6}, {"name": "6", "score": 0.1},
                               {"name": "7", "score": 0.1}, {"name": "8", "score": 0.1}, {"name": "9", "score": 0.0}]},
                {"text": "IBAN IT60X0542811101000000123456, carta 4111 1111 1111 1111", "position": {"begin": 0, "end": 59},
                 "time": {"begin": 4.0, "end": 4.7}, "emotions": [],
                 "sentiment": [{"name": "1", "score": 0.3}, {"name": "2", "score": 0.3}, {"name": "3", "score": 0.2},
                               {"name": "5", "score": 0.2}]},
                {"text": "la mail è mario.rossi@example.com, codice fiscale RSSMRA85T10A562S", "position": {"begin": 0, "end": 66},
                 "time": {"begin": 6.0, "end": 6.7}, "emotions": []}]},
              {"id": "agent", "predictions": [
                {"text": "Grazie, spedizione SHP-2026-000123 confermata per il 21/11/2026", "position": {"begin": 0, "end": 63},
                 "time": {"begin": 2.0, "end": 2.7}, "emotions": [],
                 "sentiment": [{"name": "7", "score": 0.2}, {"name": "8", "score": 0.4}, {"name": "9", "score": 0.2},
                               {"name": "5", "score": 0.2}]}]}]},
            "prosody": {"grouped_predictions": [{"id": "caller", "predictions": [
                {"text": "Buongiorno", "time": {"begin": 0.1, "end": 0.7}, "emotions": [{"name": "Calmness", "score": 0.4}]}]}]}
          }}]}}]
        """;
}
