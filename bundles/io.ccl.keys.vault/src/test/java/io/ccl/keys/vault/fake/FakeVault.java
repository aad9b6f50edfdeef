package io.ccl.keys.vault.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An in-JVM Vault for tests: a real HTTPS server (the JDK's {@link HttpsServer}, TLS 1.2/1.3 with
 * a certificate made at test time by {@link FakeTls}) that keeps state and answers as Vault's
 * documentation and OpenBao's source describe: {@code /v1/} paths, {@code X-Vault-Token},
 * {@code X-Vault-Namespace}, {@code {"errors": [...]}} bodies, 200 with a body or 204 without,
 * {@code LIST} or {@code GET ?list=true}. Engines: {@link FakeTransit}, {@link FakeKv2}; auth:
 * tokens with TTL, {@code renew-self} up to a max TTL, {@code lookup-self}, {@code revoke-self},
 * AppRole and JWT ({@link FakeJwt}); coarse ACL policies ({@link FakePolicy}) where a token
 * without the capability gets 403 {@code {"errors":["permission denied"]}}; {@code sys/mounts}
 * to enable and disable engines.
 *
 * <p>Simplifications, beyond those of each engine: every request must carry
 * {@code X-Vault-Request: true} (as behind a Vault Proxy with {@code require_request_header}),
 * else 412; a namespace is selected by the header only (not by a path prefix), tokens are valid
 * only in their own namespace, and an unknown namespace is 404; one lock serialises all requests
 * (like a single active node); no leases on secrets, no audit devices, no response wrapping, no
 * performance standbys. Time is the injected clock, so tests move token TTLs by hand.
 */
public final class FakeVault implements AutoCloseable {
    static {
        // JDK 17's HttpServer stalls ~44 ms per exchange unless TCP_NODELAY is on.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 32 << 20;

    /** One request as seen by the fake: never the token. */
    public record Logged(String method, String path, String namespace, boolean requestHeader, int status) {
    }

    private final Object lock = new Object();
    private final MutableClock clock;
    private final FakeTls tls;
    private final HttpsServer server;
    private final ExecutorService executor;
    private final Map<String, FakeNamespace> namespaces = new HashMap<>();
    private final List<Logged> log = new CopyOnWriteArrayList<>();
    private final ArrayDeque<FakeError> faults = new ArrayDeque<>();
    private final String rootToken;

    private FakeVault(MutableClock clock, FakeTls tls) throws IOException, GeneralSecurityException {
        this.clock = clock;
        this.tls = tls;
        namespaces.put("", new FakeNamespace(lock, clock));
        this.rootToken = namespaces.get("").token(Set.of("root"), Duration.ZERO, false, Duration.ZERO);
        SSLContext context = tls.serverContext();
        this.server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = context.getDefaultSSLParameters();
                p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                params.setSSLParameters(p);
            }
        });
        server.createContext("/", this::exchange);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fake-vault");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a fake with a fresh test PKI for localhost. */
    public static FakeVault start(MutableClock clock) throws IOException, GeneralSecurityException {
        return new FakeVault(clock, FakeTls.generate("CCL Fake Vault CA"));
    }

    /** Starts a fake serving the given PKI (e.g. a certificate for another host name). */
    public static FakeVault start(MutableClock clock, FakeTls tls) throws IOException, GeneralSecurityException {
        return new FakeVault(clock, tls);
    }

    /** {@code https://localhost:<port>}. */
    public URI address() {
        return URI.create("https://localhost:" + server.getAddress().getPort());
    }

    /** {@code https://127.0.0.1:<port>}. */
    public URI ipAddress() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    public FakeTls tls() {
        return tls;
    }

    /** Writes the CA bundle clients should trust. */
    public Path writeCaBundle(Path file) throws IOException {
        return tls.writeCaBundle(file);
    }

    public MutableClock clock() {
        return clock;
    }

    /** A token with the {@code root} policy in the root namespace; it never expires. */
    public String rootToken() {
        return rootToken;
    }

    /** The root namespace. */
    public FakeNamespace root() {
        return namespace("");
    }

    /** A namespace, created on first use. */
    public FakeNamespace namespace(String name) {
        synchronized (lock) {
            return namespaces.computeIfAbsent(normalize(name), n -> new FakeNamespace(lock, clock));
        }
    }

    /** Requests so far, oldest first. */
    public List<Logged> requests() {
        return List.copyOf(log);
    }

    public void clearRequests() {
        log.clear();
    }

    /** The next request is answered with this status and error messages instead (e.g. 503 sealed). */
    public void failNext(int status, String... errors) {
        synchronized (lock) {
            faults.add(new FakeError(status, errors));
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void exchange(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        URI uri = ex.getRequestURI();
        String ns = normalize(header(ex, "X-Vault-Namespace"));
        boolean requestHeader = "true".equals(header(ex, "X-Vault-Request"));
        int status;
        ObjectNode body;
        try {
            body = answer(ex, method, uri, ns, requestHeader);
            status = body == null ? 204 : 200;
        } catch (FakeError e) {
            status = e.status;
            body = e.body;
            if (body == null) {
                body = JSON.createObjectNode();
                var errors = body.putArray("errors");
                e.errors.forEach(errors::add);
            }
        } catch (RuntimeException e) {
            status = 500;
            body = JSON.createObjectNode();
            body.putArray("errors").add("1 error occurred:\n\t* internal error\n\n");
        }
        log.add(new Logged(method, uri.getRawPath(), ns, requestHeader, status));
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
        } else {
            byte[] out = JSON.writeValueAsBytes(body);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, out.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        }
        ex.close();
    }

    private ObjectNode answer(HttpExchange ex, String method, URI uri, String ns, boolean requestHeader) throws IOException {
        byte[] raw;
        try (InputStream in = ex.getRequestBody()) {
            raw = in.readNBytes(MAX_BODY + 1);
        }
        if (raw.length > MAX_BODY) {
            throw new FakeError(413, "http: request body too large");
        }
        if (!requestHeader) {
            throw new FakeError(412, "missing 'X-Vault-Request' header");
        }
        String path = uri.getPath();
        if (!path.startsWith("/v1/")) {
            throw new FakeError(404, "no handler for route");
        }
        JsonNode body = MissingNode.getInstance();
        if (raw.length > 0) {
            try {
                body = JSON.readTree(raw);
            } catch (IOException e) {
                throw FakeError.badRequest("failed to parse JSON input: invalid character");
            }
        }
        synchronized (lock) {
            FakeError fault = faults.poll();
            if (fault != null) {
                throw fault;
            }
            FakeNamespace namespace = namespaces.get(ns);
            if (namespace == null) {
                throw new FakeError(404, "namespace not found");
            }
            String relative = path.substring(4);
            if (relative.endsWith("/")) {
                relative = relative.substring(0, relative.length() - 1);
            }
            return namespace.dispatch(method, relative, query(uri), body, header(ex, "X-Vault-Token"));
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        String q = uri.getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                out.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String header(HttpExchange ex, String name) {
        return ex.getRequestHeaders().getFirst(name);
    }

    private static String normalize(String ns) {
        if (ns == null) {
            return "";
        }
        String n = ns.strip();
        while (n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        return n;
    }
}
