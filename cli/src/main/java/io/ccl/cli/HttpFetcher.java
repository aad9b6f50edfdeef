package io.ccl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * GETs and POSTs of JSON documents to a runtime or an attestation service: connect timeout, a
 * deadline for the whole exchange (headers and body), a cap on the answer's size enforced while it
 * streams, no redirects. An error answer is reported with its RFC 9457 problem members and its
 * {@code Retry-After} when it has them.
 */
final class HttpFetcher {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_PROBLEM = 64 << 10;
    /** Upload rate assumed for POST deadlines: 128 KiB/s (1 Mbit/s). */
    static final int UPLOAD_BYTES_PER_SECOND = 128 << 10;

    private final HttpClient http;
    private final Duration deadline;

    HttpFetcher() {
        this(CONNECT_TIMEOUT, DEADLINE);
    }

    HttpFetcher(Duration connectTimeout, Duration deadline) {
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.deadline = deadline;
    }

    /** A failed exchange: a stable reason code, and for an error answer its status and problem members. */
    static final class FetchException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String reason;
        private final int status;
        private final transient Map<String, Object> problem;
        private final long retryAfterSeconds;

        FetchException(String reason, String message, int status, Map<String, Object> problem) {
            this(reason, message, status, problem, -1);
        }

        FetchException(String reason, String message, int status, Map<String, Object> problem, long retryAfterSeconds) {
            super(message);
            this.reason = reason;
            this.status = status;
            this.problem = problem;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        /** {@code UNAVAILABLE}, {@code RESPONSE_TOO_LARGE} or {@code HTTP_ERROR}. */
        String reason() {
            return reason;
        }

        /** The HTTP status of an error answer, else 0. */
        int status() {
            return status;
        }

        /** The {@code application/problem+json} members of an error answer, or null. */
        Map<String, Object> problem() {
            return problem;
        }

        /** The problem's {@code code} member, or null. */
        String problemCode() {
            return problem != null && problem.get("code") instanceof String c ? c : null;
        }

        /** The error answer's {@code Retry-After} in seconds (RFC 9110 §10.2.3), or -1 without one. */
        long retryAfterSeconds() {
            return retryAfterSeconds;
        }

        /** Adds reason, detail, and for an error answer {@code http_status} and {@code problem}. */
        Outcome reportTo(Outcome outcome) {
            outcome.rejected(reason, getMessage());
            if (status != 0) {
                outcome.with("http_status", status);
            }
            if (problem != null) {
                outcome.with("problem", problem);
            }
            return outcome;
        }
    }

    /** The body of a 2xx answer to {@code GET uri}, at most {@code maxBytes} long. */
    byte[] get(URI uri, int maxBytes) throws FetchException {
        return send(HttpRequest.newBuilder(uri).timeout(deadline).GET(), uri, maxBytes, deadline);
    }

    /**
     * The body of a 2xx answer to {@code POST uri} of the JSON {@code body}, at most
     * {@code maxBytes} long. Large bodies get more time: {@code deadline} plus one second per
     * {@link #UPLOAD_BYTES_PER_SECOND} bytes.
     */
    byte[] postJson(URI uri, byte[] body, int maxBytes) throws FetchException {
        Duration d = deadline.plusSeconds(body.length / UPLOAD_BYTES_PER_SECOND);
        return send(HttpRequest.newBuilder(uri).timeout(d).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), uri, maxBytes, d);
    }

    private byte[] send(HttpRequest.Builder builder, URI uri, int maxBytes, Duration limit) throws FetchException {
        HttpRequest request = builder.header("Accept", "application/json, application/problem+json").build();
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(request, info -> new LimitedBody(maxBytes));
        HttpResponse<byte[]> response;
        try {
            response = pending.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new FetchException("UNAVAILABLE", "no complete answer from " + where(uri) + " within " + limit.toSeconds()
                    + " s", 0, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("UNAVAILABLE", "interrupted", 0, null);
        } catch (ExecutionException e) {
            if (tooLarge(e)) {
                throw new FetchException("RESPONSE_TOO_LARGE", where(uri) + " answered more than " + maxBytes + " bytes", 0, null);
            }
            throw new FetchException("UNAVAILABLE", "cannot reach " + where(uri) + ": " + e.getCause().getClass().getSimpleName(),
                    0, null);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            Map<String, Object> problem = problem(response);
            Object detail = problem == null ? null : problem.get("detail");
            throw new FetchException("HTTP_ERROR", where(uri) + " answered " + status
                    + (detail instanceof String d ? ": " + d : ""), status, problem, retryAfter(response.headers().firstValue("Retry-After").orElse(null), Instant.now()));
        }
        return response.body();
    }

    /** {@code Retry-After} as delay-seconds or an HTTP-date (RFC 9110 §10.2.3), else -1. */
    static long retryAfter(String header, Instant now) {
        String v = header;
        if (v == null) {
            return -1;
        }
        v = v.trim();
        if (v.matches("[0-9]{1,9}")) {
            return Long.parseLong(v);
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Math.max(0, Duration.between(now, at).toSeconds());
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    private static boolean tooLarge(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TooLarge) {
                return true;
            }
        }
        return false;
    }

    private static String where(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority() + uri.getRawPath();
    }

    /** The members of an {@code application/problem+json} body (scalars only), or null. */
    private static Map<String, Object> problem(HttpResponse<byte[]> response) {
        String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/problem+json") || response.body().length > MAX_PROBLEM) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(response.body());
            if (node == null || !node.isObject()) {
                return null;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                if (f.getValue().isTextual()) {
                    out.put(f.getKey(), f.getValue().asText());
                } else if (f.getValue().isIntegralNumber()) {
                    out.put(f.getKey(), f.getValue().asLong());
                }
            }
            return out;
        } catch (IOException e) {
            return null;
        }
    }

    /** The body exceeded its cap. */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
    }

    /** Collects a body, cancelling the stream as soon as it passes {@code max} bytes. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int max;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        LimitedBody(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return; // cancelled: late buffers are dropped
            }
            for (ByteBuffer b : buffers) {
                if (bytes.size() + b.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge());
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.writeBytes(chunk);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
