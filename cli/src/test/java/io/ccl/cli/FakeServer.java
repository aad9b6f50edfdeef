package io.ccl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A loopback JDK HTTP server standing in for a runtime and its attestation service: each path
 * answers what its route function returns for the query string; unknown paths get the RFC 9457
 * 404 problem the runtime's REST layer (io.ccl.web Problem) sends.
 */
final class FakeServer implements AutoCloseable {
    static {
        // JDK 17's HttpServer otherwise waits ~40 ms per response (Nagle + delayed ACK).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    record Response(int status, String contentType, byte[] body) {
        static Response json(byte[] body) {
            return new Response(200, "application/json", body);
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
    private final Map<String, Function<String, Response>> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    FakeServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void route(String path, Function<String, Response> answer) {
        routes.put(path, answer);
    }

    int hits(String path) {
        return hits.getOrDefault(path, new AtomicInteger()).get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        Function<String, Response> route = routes.get(path);
        Response r = route == null ? Response.problem(404, "NOT_FOUND", "no route " + path)
                : route.apply(exchange.getRequestURI().getQuery());
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
