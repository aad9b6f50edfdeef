package io.ccl.tee.dcap.pcs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.tee.api.Collateral;
import io.ccl.tee.dcap.pki.P256;
import io.ccl.tee.dcap.pki.RevocationList;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Intel PCS (or a PCCS with the same API) over HTTPS, API v4: {@code /sgx|tdx/certification/v4/tcb?fmspc=},
 * {@code /sgx|tdx/certification/v4/qe/identity}, {@code /sgx/certification/v4/pckcrl?ca=&encoding=der}, with the
 * issuer chains in the {@code TCB-Info-Issuer-Chain}, {@code SGX-Enclave-Identity-Issuer-Chain} and
 * {@code SGX-PCK-CRL-Issuer-Chain} response headers (URL-encoded PEM). The Root CA CRL has its own URL.
 * Responses are cached in memory (and in a directory when configured) until their {@code nextUpdate}, judged
 * at the verification time.
 */
public final class PcsClient implements CollateralSource {
    /** Intel's production PCS. */
    public static final String DEFAULT_BASE_URL = "https://api.trustedservices.intel.com";
    /** Where Intel publishes the Intel SGX Root CA CRL. */
    public static final String DEFAULT_ROOT_CA_CRL_URL = "https://certificates.trustedservices.intel.com/IntelSGXRootCA.der";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final URI rootCaCrlUrl;
    private final Path cacheDir;
    private final Duration timeout;
    private final HttpClient http;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(List<Collateral> pieces, Instant validUntil) {
    }

    /**
     * @param baseUrl PCS or PCCS base URL without trailing slash
     * @param rootCaCrlUrl URL of the Root CA CRL (DER, PEM or hex)
     * @param cacheDir directory for cached responses, or null for memory only
     */
    public PcsClient(String baseUrl, String rootCaCrlUrl, Path cacheDir, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.rootCaCrlUrl = URI.create(rootCaCrlUrl);
        this.cacheDir = cacheDir;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override
    public List<Collateral> tcbInfo(boolean tdx, String fmspc, Instant now) throws CollateralUnavailableException {
        return get("tcb_info", URI.create(baseUrl + (tdx ? "/tdx" : "/sgx") + "/certification/v4/tcb?fmspc=" + fmspc),
                "TCB-Info-Issuer-Chain", now);
    }

    @Override
    public List<Collateral> qeIdentity(boolean tdx, Instant now) throws CollateralUnavailableException {
        return get("qe_identity", URI.create(baseUrl + (tdx ? "/tdx" : "/sgx") + "/certification/v4/qe/identity"),
                "SGX-Enclave-Identity-Issuer-Chain", now);
    }

    @Override
    public List<Collateral> pckCrl(String ca, Instant now) throws CollateralUnavailableException {
        return get("pck_crl", URI.create(baseUrl + "/sgx/certification/v4/pckcrl?ca=" + ca + "&encoding=der"),
                "SGX-PCK-CRL-Issuer-Chain", now);
    }

    @Override
    public List<Collateral> rootCaCrl(Instant now) throws CollateralUnavailableException {
        return get("root_ca_crl", rootCaCrlUrl, null, now);
    }

    private List<Collateral> get(String what, URI uri, String chainHeader, Instant now)
            throws CollateralUnavailableException {
        String key = uri.toString();
        Cached hit = cache.get(key);
        if (hit == null) {
            hit = fromDisk(key, what);
        }
        if (hit != null && !now.isAfter(hit.validUntil())) {
            return hit.pieces();
        }
        Cached fresh = fetch(what, uri, chainHeader);
        cache.put(key, fresh);
        toDisk(key, fresh);
        return fresh.pieces();
    }

    private Cached fetch(String what, URI uri, String chainHeader) throws CollateralUnavailableException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new CollateralUnavailableException(what, "cannot fetch " + what + " from " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollateralUnavailableException(what, "interrupted while fetching " + what + " from " + uri, e);
        }
        if (response.statusCode() != 200) {
            throw new CollateralUnavailableException(what, uri + " answered HTTP " + response.statusCode());
        }
        List<Collateral> pieces = new ArrayList<>();
        pieces.add(new Collateral(what, response.body()));
        if (chainHeader != null) {
            String chain = response.headers().firstValue(chainHeader).orElseThrow(() ->
                    new CollateralUnavailableException(what, uri + " sent no " + chainHeader + " header"));
            pieces.add(new Collateral(what + "_issuer_chain",
                    URLDecoder.decode(chain, StandardCharsets.UTF_8).getBytes(StandardCharsets.US_ASCII)));
        }
        return new Cached(List.copyOf(pieces), validUntil(response.body()));
    }

    /** The document's nextUpdate; unparseable content is never reused. */
    static Instant validUntil(byte[] body) {
        try {
            return RevocationList.parse(body).nextUpdate();
        } catch (IllegalArgumentException notCrl) {
            try {
                JsonNode root = JSON.readTree(body);
                JsonNode doc = root.has("tcbInfo") ? root.get("tcbInfo") : root.get("enclaveIdentity");
                return Instant.parse(doc.get("nextUpdate").textValue());
            } catch (IOException | RuntimeException e) {
                return Instant.MIN;
            }
        }
    }

    private Cached fromDisk(String key, String what) {
        if (cacheDir == null) {
            return null;
        }
        Path body = cacheDir.resolve(fileName(key) + ".body");
        Path chain = cacheDir.resolve(fileName(key) + ".chain");
        try {
            if (!Files.isRegularFile(body)) {
                return null;
            }
            List<Collateral> pieces = new ArrayList<>();
            byte[] bytes = Files.readAllBytes(body);
            pieces.add(new Collateral(what, bytes));
            if (Files.isRegularFile(chain)) {
                pieces.add(new Collateral(what + "_issuer_chain", Files.readAllBytes(chain)));
            }
            Cached c = new Cached(List.copyOf(pieces), validUntil(bytes));
            cache.put(key, c);
            return c;
        } catch (IOException e) {
            return null;
        }
    }

    private void toDisk(String key, Cached c) {
        if (cacheDir == null) {
            return;
        }
        try {
            Files.createDirectories(cacheDir);
            write(cacheDir.resolve(fileName(key) + ".body"), c.pieces().get(0).data());
            if (c.pieces().size() > 1) {
                write(cacheDir.resolve(fileName(key) + ".chain"), c.pieces().get(1).data());
            }
        } catch (IOException e) {
            // The disk cache is an optimisation; the memory cache still holds the response.
            return;
        }
    }

    private static void write(Path target, byte[] data) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        Files.write(tmp, data);
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String fileName(String key) {
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(P256.sha256(b, b.length)).substring(0, 32);
    }

    @Override
    public String toString() {
        return "PCS " + baseUrl;
    }
}
