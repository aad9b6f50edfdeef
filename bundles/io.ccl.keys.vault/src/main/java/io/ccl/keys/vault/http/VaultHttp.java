package io.ccl.keys.vault.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * The HTTP transport to one Vault (or OpenBao) server: {@code /v1/} paths, JSON bodies, the
 * {@code X-Vault-Token}, {@code X-Vault-Namespace} and {@code X-Vault-Request: true} headers.
 * It reports every reply as it came; {@link VaultErrors} and {@code VaultClient} give replies a
 * meaning. Transport failures (connection, TLS, timeout) are {@code UNAVAILABLE}.
 */
public final class VaultHttp {
    /** Largest response body read; Vault's own request limit is 32 MiB. */
    static final int MAX_RESPONSE_BYTES = 32 << 20;

    private final URI base;
    private final String namespace;
    private final HttpClient client;
    private final Duration requestTimeout;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param address {@code https://host:port} (plain http only when the caller allowed it)
     * @param namespace Vault Enterprise / OpenBao namespace, or empty
     * @param tls trust for the server certificate
     */
    public VaultHttp(URI address, String namespace, SSLContext tls, Duration connectTimeout, Duration requestTimeout) {
        String a = address.toString();
        this.base = URI.create((a.endsWith("/") ? a : a + "/") + "v1/");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.requestTimeout = requestTimeout;
        this.client = HttpClient.newBuilder()
                .sslContext(tls)
                .sslParameters(TlsContexts.parameters())
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** The JSON mapper requests and replies use. */
    public ObjectMapper json() {
        return json;
    }

    /**
     * Sends one request.
     *
     * @param method GET, POST, PUT, DELETE or LIST
     * @param path below {@code /v1/}, e.g. {@code transit/encrypt/orders}
     * @param body JSON body, or null
     * @param token client token, or null for login endpoints
     * @throws KeyStorageException {@code UNAVAILABLE} when the server cannot be reached or the TLS
     *     handshake fails
     */
    public VaultReply send(String method, String path, JsonNode body, VaultToken token) throws KeyStorageException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(requestTimeout)
                .header("X-Vault-Request", "true")
                .header("Accept", "application/json");
        if (!namespace.isEmpty()) {
            request.header("X-Vault-Namespace", namespace);
        }
        if (token != null) {
            request.header("X-Vault-Token", token.reveal());
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "Vault did not answer " + method + " " + path + " in time", e);
        } catch (SSLException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE,
                    "TLS with Vault failed (certificate not trusted, wrong host name or protocol below TLS 1.2)", e);
        } catch (IOException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "Vault unreachable for " + method + " " + path + ": "
                    + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyStorageException(Reason.UNAVAILABLE, "interrupted while calling Vault", e);
        }
        return new VaultReply(response.statusCode(), parse(response, method, path));
    }

    private byte[] bytes(JsonNode body) throws KeyStorageException {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "cannot encode a Vault request", e);
        }
    }

    private JsonNode parse(HttpResponse<InputStream> response, String method, String path) throws KeyStorageException {
        byte[] raw;
        try (InputStream in = response.body()) {
            raw = in.readNBytes(MAX_RESPONSE_BYTES + 1);
        } catch (IOException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "Vault reply to " + method + " " + path + " was cut off", e);
        }
        if (raw.length > MAX_RESPONSE_BYTES) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "Vault reply to " + method + " " + path + " is too large");
        }
        if (raw.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return json.readTree(raw);
        } catch (IOException e) {
            if (response.statusCode() >= 200 && response.statusCode() < 300) {
                throw new KeyStorageException(Reason.UNAVAILABLE, "Vault reply to " + method + " " + path + " is not JSON");
            }
            // An error page from a proxy or load balancer: the status alone decides.
            return MissingNode.getInstance();
        } finally {
            java.util.Arrays.fill(raw, (byte) 0);
        }
    }
}
