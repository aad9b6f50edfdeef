package io.ccl.itests;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small JSON-over-HTTP client with its own cookie jar (one KBS session per instance). */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(5)).build();

    record Response(int status, String contentType, String body) {
        Map<String, Object> json() throws IOException {
            return JSON.readValue(body, new TypeReference<>() {
            });
        }
    }

    Http(String base) {
        this.base = base;
    }

    Response get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    Response post(String path, Object body) throws IOException, InterruptedException {
        byte[] bytes = body instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8)
                : body instanceof byte[] raw ? raw : JSON.writeValueAsBytes(body);
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    /**
     * A POST the server may answer (413) and close before the client has sent the whole body; the
     * JDK client then sometimes reports the closed connection instead of the answer. A few attempts
     * make sure the answer itself is seen.
     */
    Response postAnsweredEarly(String path, Object body) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return post(path, body);
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    /** Any method, a JSON body (or none) and extra headers. */
    Response send(String method, String path, Object body, String... headers) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body instanceof String s
                        ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, publisher);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    private Response send(HttpRequest r) throws IOException, InterruptedException {
        HttpResponse<String> resp = client.send(r, HttpResponse.BodyHandlers.ofString());
        return new Response(resp.statusCode(), resp.headers().firstValue("Content-Type").orElse(""), resp.body());
    }
}
