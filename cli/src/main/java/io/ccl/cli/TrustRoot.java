package io.ccl.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccl.receipts.api.AttestedReceiptVerifier;
import io.ccl.receipts.api.ReceiptException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The attestation service key set that EARs are checked against: a JWKS file
 * ({@code --trust-root}) or the service's {@code /.well-known/jwks.json} fetched once
 * ({@code --trust-url}). The output names which ({@link #describe()}).
 *
 * @param verifier the receipt verifier trusting those keys
 * @param source {@code file} or {@code url}
 * @param location the file's absolute path or the JWKS URL
 */
record TrustRoot(AttestedReceiptVerifier verifier, String source, String location) {
    static final int MAX_JWKS = 1 << 20;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /**
     * Loads the trust root the options name, with {@code --issuer} and {@code --allow-warning}.
     *
     * @throws UsageException neither or both of {@code --trust-root} and {@code --trust-url}, an
     *     unreadable file or one that is not a JWKS, a URL that is not http(s)
     * @throws HttpFetcher.FetchException the key set cannot be fetched, or what was fetched is not
     *     a JWKS ({@code TRUST_ROOT_MALFORMED})
     */
    static TrustRoot load(Options options, HttpFetcher http) throws UsageException, HttpFetcher.FetchException {
        String file = options.optional("trust-root");
        String url = options.optional("trust-url");
        if ((file == null) == (url == null)) {
            throw new UsageException("give exactly one of --trust-root JWKS_FILE and --trust-url VERIFIER_URL");
        }
        String issuer = options.optional("issuer");
        boolean allowWarning = options.flag("allow-warning");
        if (file != null) {
            Path path = Path.of(file).toAbsolutePath();
            byte[] bytes = VerifyCommand.read(path);
            try {
                return new TrustRoot(AttestedReceiptVerifier.forJwks(parse(bytes), issuer, allowWarning), "file", path.toString());
            } catch (IOException | ReceiptException e) {
                throw new UsageException("--trust-root " + file + " is not a JWKS with an EC key");
            }
        }
        URI jwksUri = endpoint(baseUrl(url, "trust-url"), "/.well-known/jwks.json");
        byte[] bytes = http.get(jwksUri, MAX_JWKS);
        try {
            return new TrustRoot(AttestedReceiptVerifier.forJwks(parse(bytes), issuer, allowWarning), "url", jwksUri.toString());
        } catch (IOException | ReceiptException e) {
            throw new HttpFetcher.FetchException("TRUST_ROOT_MALFORMED", jwksUri + " is not a JWKS with an EC key", 0, null);
        }
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("location", location);
        return m;
    }

    /** An http(s) base URL without query or fragment, trailing slashes removed. */
    static String baseUrl(String value, String option) throws UsageException {
        try {
            URI u = new URI(value);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null
                    || u.getRawQuery() != null || u.getRawFragment() != null) {
                throw new UsageException("--" + option + " must be an http(s) URL without query, e.g. https://host:8443");
            }
            return value.replaceAll("/+$", "");
        } catch (URISyntaxException e) {
            throw new UsageException("--" + option + " is not a URL");
        }
    }

    /** {@code base} (from {@link #baseUrl}) followed by an absolute path and query. */
    static URI endpoint(String base, String pathAndQuery) {
        return URI.create(base + pathAndQuery);
    }

    private static Map<String, Object> parse(byte[] json) throws IOException {
        Map<String, Object> m = MAPPER.readValue(json, MAP);
        if (m == null) {
            throw new IOException("not a JSON object");
        }
        return m;
    }
}
