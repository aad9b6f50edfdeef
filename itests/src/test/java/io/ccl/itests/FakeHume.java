package io.ccl.itests;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A speech-analytics provider on loopback speaking the Hume-style batch API the voice agents use
 * ({@code POST /v0/batch/jobs} multipart with {@code X-Hume-Api-Key}, then job state and
 * predictions). Its transcript is full of personal data, which must come back masked.
 */
final class FakeHume implements AutoCloseable {
    static final String PREDICTIONS = """
        [{"source": {"type": "file", "filename": "call.wav", "content_type": "audio/wav", "md5sum": "0"},
          "results": {"errors": [], "predictions": [{"file": "call.wav", "models": {
            "language": {"metadata": {"confidence": 0.93, "detected_language": "it"}, "grouped_predictions": [
              {"id": "caller", "predictions": [
                {"text": "Buongiorno, sono Mario Rossi, il mio numero è 333 1234567", "position": {"begin": 0, "end": 57},
                 "time": {"begin": 0.1, "end": 0.7}, "emotions": [],
                 "sentiment": [{"name": "5", "score": 0.6}, {"name": "6", "score": 0.4}]},
                {"text": "IBAN IT60X0542811101000000123456, carta 4111 1111 1111 1111", "position": {"begin": 0, "end": 59},
                 "time": {"begin": 2.0, "end": 2.7}, "emotions": []},
                {"text": "la mail è mario.rossi@example.com, codice fiscale RSSMRA85T10A562S", "position": {"begin": 0, "end": 66},
                 "time": {"begin": 4.0, "end": 4.7}, "emotions": []}]}]}}}]}}]
        """;

    final String apiKey;
    final AtomicInteger submissions = new AtomicInteger();
    private final HttpServer server;

    FakeHume(String apiKey) throws IOException {
        this.apiKey = apiKey;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v0/batch/jobs", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            x.getRequestBody().readAllBytes();
            if (!apiKey.equals(x.getRequestHeaders().getFirst("X-Hume-Api-Key"))) {
                send(x, 401, "{\"message\":\"Invalid ApiKey\"}");
                return;
            }
            String path = x.getRequestURI().getPath();
            String type = x.getRequestHeaders().getFirst("Content-Type");
            if (x.getRequestMethod().equals("POST") && path.equals("/v0/batch/jobs")
                    && type != null && type.startsWith("multipart/form-data")) {
                submissions.incrementAndGet();
                send(x, 200, "{\"job_id\":\"job-1\"}");
            } else if (path.equals("/v0/batch/jobs/job-1")) {
                send(x, 200, "{\"job_id\":\"job-1\",\"type\":\"INFERENCE\",\"request\":{\"files\":[]},"
                        + "\"state\":{\"status\":\"COMPLETED\",\"created_timestamp_ms\":1,\"started_timestamp_ms\":2,"
                        + "\"ended_timestamp_ms\":3}}");
            } else if (path.equals("/v0/batch/jobs/job-1/predictions")) {
                send(x, 200, PREDICTIONS);
            } else {
                send(x, 404, "{\"message\":\"not found\"}");
            }
        }
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
