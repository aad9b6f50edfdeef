package io.ccl.keys.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccl.keys.admin.auth.Credentials;
import io.ccl.keys.tck.InMemoryKeyManagement;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The admin servlets on a real Jetty 12 (ee10, as Felix HTTP embeds it): plain HTTP for bearer
 * tokens and HTTPS that asks for (but does not require) a client certificate, both on 127.0.0.1.
 * Credentials: an operator and a reader token, an operator certificate pinned by fingerprint, a
 * reader certificate allowed by subject. Every response body is kept in {@link #bodies}.
 */
final class AdminServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_BODY = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    final InMemoryKeyManagement km = new InMemoryKeyManagement();
    final String operatorToken = randomToken();
    final String readerToken = randomToken();
    final TestPki pki;
    final TestPki.Identity operatorCert;
    final TestPki.Identity readerCert;
    final TestPki.Identity strangerCert;
    final MutableClock clock = new MutableClock(Instant.now());
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final KeysServlet keys;
    final SecretsServlet secrets;
    private final Server server;
    private final String http;
    private final String https;
    private final HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** A response: status, headers of interest and body. */
    record Response(int status, String body, HttpResponse<String> raw) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String code() throws Exception {
            return json().path("code").asText(null);
        }
    }

    /** A clock tests can move. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    AdminServer() throws Exception {
        this(null);
    }

    /** @param credentials null for the standard test credentials */
    AdminServer(Credentials credentials) throws Exception {
        pki = new TestPki();
        operatorCert = pki.issue("CN=ops-laptop,O=CCL", false);
        readerCert = pki.issue("CN=auditor,O=CCL", false);
        strangerCert = pki.issue("CN=stranger,O=Elsewhere", false);
        Credentials c = credentials != null ? credentials : Credentials.parse(
                new String[] {"alice:operator:sha256:" + Credentials.tokenHashHex(operatorToken),
                    "bob:reader:sha256:" + Credentials.tokenHashHex(readerToken).toUpperCase(java.util.Locale.ROOT)},
                new String[] {"reader:CN=auditor, O=CCL"},
                new String[] {"operator:sha256:" + HexFormat.ofDelimiter(":").formatHex(
                        Credentials.sha256(operatorCert.certificate().getEncoded()))},
                problem -> {
                    throw new AssertionError(problem);
                });
        AdminAccessComponent access = new AdminAccessComponent(c, MAX_BODY, clock);
        keys = new KeysServlet(access);
        secrets = new SecretsServlet(access);
        keys.setManagement(km);
        secrets.setManagement(km);

        server = new Server();
        ServerConnector plainConnector = new ServerConnector(server);
        plainConnector.setHost("127.0.0.1");
        plainConnector.setPort(0);
        server.addConnector(plainConnector);

        SslContextFactory.Server ssl = new SslContextFactory.Server();
        TestPki.Identity serverId = pki.issue("CN=localhost", true);
        ssl.setKeyStore(serverId.keyStore());
        ssl.setKeyStorePassword(TestPki.password());
        ssl.setTrustStore(pki.trustStore());
        ssl.setWantClientAuth(true);
        HttpConfiguration config = new HttpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        config.addCustomizer(secure);
        ServerConnector tls = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(config));
        tls.setHost("127.0.0.1");
        tls.setPort(0);
        server.addConnector(tls);

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        // The same two patterns as the whiteboard registration, on one holder per servlet.
        ServletHolder keysHolder = new ServletHolder(keys);
        context.addServlet(keysHolder, KeysServlet.ROOT);
        context.addServlet(keysHolder, KeysServlet.ROOT + "/*");
        ServletHolder secretsHolder = new ServletHolder(secrets);
        context.addServlet(secretsHolder, SecretsServlet.ROOT);
        context.addServlet(secretsHolder, SecretsServlet.ROOT + "/*");
        server.setHandler(context);
        server.start();
        http = "http://127.0.0.1:" + plainConnector.getLocalPort();
        https = "https://127.0.0.1:" + tls.getLocalPort();
    }

    static String randomToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    Response send(String method, String path, String body, String token) throws Exception {
        return send(plain, http, method, path, body, token == null ? null : "Bearer " + token);
    }

    Response sendTyped(String method, String path, String body, String contentType, String token) throws Exception {
        return send(plain, http, method, path, body, "Bearer " + token, contentType);
    }

    Response sendRaw(String method, String path, String body, String authorization) throws Exception {
        return send(plain, http, method, path, body, authorization);
    }

    Response get(String path, String token) throws Exception {
        return send("GET", path, null, token);
    }

    Response operator(String method, String path, String body) throws Exception {
        return send(method, path, body, operatorToken);
    }

    /** Over HTTPS, presenting {@code identity} (or no certificate when null). */
    Response tls(TestPki.Identity identity, String method, String path, String body) throws Exception {
        return tls(identity, method, path, body, null);
    }

    /** Over HTTPS with a client certificate and an {@code Authorization} header. */
    Response tls(TestPki.Identity identity, String method, String path, String body, String authorization)
            throws Exception {
        SSLContext ctx = identity == null ? noClientCert() : identity.clientContext(pki);
        HttpClient client = HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(10)).build();
        return send(client, https, method, path, body, authorization);
    }

    /** A problem body with this status and code, and nothing a client should not see. */
    static void assertProblem(Response r, int status, String code) throws Exception {
        org.junit.jupiter.api.Assertions.assertEquals(status, r.status(), r.body());
        String type = r.header("Content-Type");
        org.junit.jupiter.api.Assertions.assertTrue(type != null && type.startsWith("application/problem+json"), type);
        JsonNode p = r.json();
        org.junit.jupiter.api.Assertions.assertEquals(status, p.path("status").asInt(), r.body());
        org.junit.jupiter.api.Assertions.assertEquals(code, p.path("code").asText(), r.body());
        org.junit.jupiter.api.Assertions.assertFalse(r.body().contains("Exception"), r.body());
        org.junit.jupiter.api.Assertions.assertFalse(r.body().contains(InMemoryKeyManagement.STORE_INTERNALS), r.body());
    }

    private SSLContext noClientCert() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, pki.trustManagers(), RANDOM);
        return ctx;
    }

    private Response send(HttpClient client, String base, String method, String path, String body, String authorization)
            throws Exception {
        return send(client, base, method, path, body, authorization, "application/json");
    }

    private Response send(HttpClient client, String base, String method, String path, String body, String authorization,
            String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        bodies.add(r.body());
        return new Response(r.statusCode(), r.body(), r);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }
}
