package io.ccl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A loopback JDK HTTP server standing in for a runtime and its attestation service: each path
 * answers what its route function returns for the query string (or, for {@link #handle}, for the
 * whole request); unknown paths get the RFC 9457 404 problem the runtime's REST layer (io.ccl.web
 * Problem) sends. A route that throws answers 500 and the error is kept ({@link #errors()}).
 */
final class FakeServer implements AutoCloseable {
    static {
        // JDK 17's HttpServer otherwise waits ~40 ms per response (Nagle + delayed ACK).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** What a client sent. */
    record Request(String method, String query, String contentType, byte[] body) {
    }

    record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        Response(int status, String contentType, byte[] body) {
            this(status, contentType, body, Map.of());
        }

        static Response json(byte[] body) {
            return new Response(200, "application/json", body);
        }

        static Response json(int status, Object value) {
            try {
                return new Response(status, "application/json", MAPPER.writeValueAsBytes(value));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Response withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Response(status, contentType, body, h);
        }

        static Response problem(int status, String code, String detail) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "urn:ccl:problem:" + code.toLowerCase(Locale.ROOT).replace('_', '-'));
            body.put("title", "Error");
            body.put("status", status);
            body.put("code", code);
            body.put("detail", detail);
            try {
                return new Response(status, "application/problem+json", MAPPER.writeValueAsBytes(body));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, Function<Request, Response>> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    FakeServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void route(String path, Function<String, Response> answer) {
        routes.put(path, request -> answer.apply(request.query()));
    }

    /** Routes {@code path} to a function of the whole request. */
    void handle(String path, Function<Request, Response> answer) {
        routes.put(path, answer);
    }

    /** Requests to {@code path}, any method. */
    int hits(String path) {
        return hits.getOrDefault(path, new AtomicInteger()).get();
    }

    /** Requests with {@code method} to {@code path}. */
    int hits(String method, String path) {
        return hits.getOrDefault(method + " " + path, new AtomicInteger()).get();
    }

    /** Requests with {@code method} to any path. */
    int hitsOfMethod(String method) {
        return hits.entrySet().stream().filter(e -> e.getKey().startsWith(method + " ")).mapToInt(e -> e.getValue().get()).sum();
    }

    /** What routes threw. */
    List<Throwable> errors() {
        return errors;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        hits.computeIfAbsent(method + " " + path, p -> new AtomicInteger()).incrementAndGet();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Function<Request, Response> route = routes.get(path);
        Response r;
        try {
            r = route == null ? Response.problem(404, "NOT_FOUND", "no route " + path)
                    : route.apply(new Request(method, exchange.getRequestURI().getQuery(),
                            exchange.getRequestHeaders().getFirst("Content-Type"), body));
        } catch (RuntimeException | AssertionError e) {
            errors.add(e);
            r = Response.problem(500, "INTERNAL", "the fake failed");
        }
        r.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.getResponseHeaders().set("Content-Type", r.contentType());
        exchange.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(r.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
