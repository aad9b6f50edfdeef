package io.ccl.tee.sevsnp.kds;

import io.ccl.tee.sevsnp.abi.Product;
import io.ccl.tee.sevsnp.abi.TcbVersion;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fetches collateral from the AMD Key Distribution Service over HTTPS (KDS specification, AMD
 * 57230, section 4). Never a hard dependency: failures yield empty results. VCEKs and certificate
 * chains are immutable and cached in memory (and written through to a {@link VcekCacheDirectory}
 * when one is given); CRLs are cached until their nextUpdate, judged at the verification time.
 * HTTP 429 and 5xx answers are retried with back-off, honouring {@code Retry-After} (seconds).
 */
public final class KdsClient implements CollateralSource {
    /** The public AMD KDS. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://kdsintf.amd.com");

    private static final int MAX_CACHED = 512;
    private static final int MAX_BODY = 256 * 1024;

    /**
     * Connection settings.
     *
     * @param baseUrl scheme, host and port of the KDS, e.g. {@link #DEFAULT_BASE_URL}
     * @param timeout per request
     * @param maxAttempts attempts per request when the KDS answers 429/5xx or the connection fails
     * @param backoff first delay between attempts, doubled each time
     * @param maxBackoff longest delay, also the cap for {@code Retry-After}
     */
    public record Settings(URI baseUrl, Duration timeout, int maxAttempts, Duration backoff, Duration maxBackoff) {
        public Settings {
            Objects.requireNonNull(baseUrl, "baseUrl");
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
        }

        /** The public KDS with a 10 s timeout and 3 attempts starting at 1 s back-off. */
        public static Settings defaults() {
            return new Settings(DEFAULT_BASE_URL, Duration.ofSeconds(10), 3, Duration.ofSeconds(1), Duration.ofSeconds(30));
        }
    }

    private record CachedCrl(byte[] bytes, Instant nextUpdate) {
    }

    private final Settings settings;
    private final HttpClient http;
    private final VcekCacheDirectory writeThrough;
    private final Map<String, byte[]> immutable = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > MAX_CACHED;
        }
    });
    private final Map<Product, CachedCrl> crls = new ConcurrentHashMap<>();

    /** @param writeThrough a cache directory to store fetched VCEKs in, or null */
    public KdsClient(Settings settings, VcekCacheDirectory writeThrough) {
        this.settings = settings;
        this.writeThrough = writeThrough;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String name() {
        return "kds";
    }

    @Override
    public Optional<byte[]> vcek(Product product, byte[] hwid, TcbVersion tcb) {
        String path = KdsRequests.vcek(product, hwid, tcb);
        byte[] cached = immutable.get(path);
        if (cached != null) {
            return Optional.of(cached.clone());
        }
        Optional<byte[]> fetched = get(path);
        fetched.ifPresent(body -> {
            immutable.put(path, body);
            if (writeThrough != null) {
                writeThrough.storeVcek(product, hwid, tcb, body);
            }
        });
        return fetched.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> certChain(Product product) {
        return immutable(KdsRequests.certChain(product));
    }

    @Override
    public Optional<byte[]> crl(Product product, Instant now) {
        CachedCrl cached = crls.get(product);
        if (cached != null && now.isBefore(cached.nextUpdate())) {
            return Optional.of(cached.bytes().clone());
        }
        Optional<byte[]> fetched = get(KdsRequests.crl(product));
        fetched.flatMap(KdsClient::nextUpdate).ifPresent(next -> crls.put(product, new CachedCrl(fetched.get(), next)));
        return fetched.map(byte[]::clone);
    }

    private Optional<byte[]> immutable(String path) {
        byte[] cached = immutable.get(path);
        if (cached != null) {
            return Optional.of(cached.clone());
        }
        Optional<byte[]> fetched = get(path);
        fetched.ifPresent(body -> immutable.put(path, body));
        return fetched.map(byte[]::clone);
    }

    private static Optional<Instant> nextUpdate(byte[] crl) {
        try {
            return AmdCrl.parse(crl).nextUpdate();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Optional<byte[]> get(String pathAndQuery) {
        URI uri;
        try {
            String base = settings.baseUrl().toString();
            uri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + pathAndQuery);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(settings.timeout()).GET().build();
        long delay = settings.backoff().toMillis();
        for (int attempt = 1; ; attempt++) {
            long wait = delay;
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status == 200) {
                    byte[] body = response.body();
                    return body.length == 0 || body.length > MAX_BODY ? Optional.empty() : Optional.of(body);
                }
                if (status != 429 && status < 500) {
                    return Optional.empty();
                }
                wait = retryAfter(response).orElse(delay);
            } catch (IOException | RuntimeException e) {
                // connection problems are retried like 5xx answers
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            if (attempt >= settings.maxAttempts()) {
                return Optional.empty();
            }
            try {
                Thread.sleep(Math.min(wait, settings.maxBackoff().toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            delay = Math.min(delay * 2, settings.maxBackoff().toMillis());
        }
    }

    private static Optional<Long> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                long seconds = Long.parseLong(v.trim());
                return seconds < 0 ? Optional.empty() : Optional.of(seconds * 1000);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }
}
