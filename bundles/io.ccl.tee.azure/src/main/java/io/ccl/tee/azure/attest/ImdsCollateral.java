package io.ccl.tee.azure.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccl.tee.azure.hcl.HclReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * The hardware collateral of an Azure confidential VM from the Azure Instance Metadata Service
 * (IMDS, link-local, reachable only from inside the VM):
 * <ul>
 * <li>SEV-SNP: {@code GET /metadata/THIM/amd/certification} with {@code Metadata: true} answers
 * {@code {"vcekCert": PEM, "certificateChain": PEM, "tcbm": hex, "cacheControl": …}}; the VCEK's DER
 * is returned (the chain is not needed: the AMD roots are pinned by the sevsnp verifier).</li>
 * <li>TDX: {@code POST /acc/tdquote} with {@code {"report": base64url(TDREPORT)}} answers
 * {@code {"quote": base64url}}: the host's quoting enclave turns the HCL report's TDREPORT into a DCAP
 * TD quote.</li>
 * </ul>
 * Bodies are bounded; any status other than 200, a body that is not the documented JSON or a field
 * that does not decode is an {@link IOException} naming the endpoint, never the body.
 */
public final class ImdsCollateral implements VtpmAttester.HardwareCollateral {
    /** The IMDS address on every Azure VM. */
    public static final URI AZURE_IMDS = URI.create("http://169.254.169.254");
    static final String THIM_PATH = "/metadata/THIM/amd/certification";
    static final String TD_QUOTE_PATH = "/acc/tdquote";
    private static final int MAX_BODY = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    public ImdsCollateral(URI base, Duration timeout) {
        this.base = Objects.requireNonNull(base);
        this.timeout = Objects.requireNonNull(timeout);
        // IMDS is plain HTTP on a link-local address: never follow redirects, never use a proxy
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY).build();
    }

    @Override
    public byte[] fetch(HclReport report) throws IOException {
        return report.snp() ? vcek() : tdQuote(report.tdReport());
    }

    /** The VCEK (DER) of the host's SEV-SNP firmware at its current TCB. */
    public byte[] vcek() throws IOException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(THIM_PATH)).timeout(timeout)
                .header("Metadata", "true").GET().build();
        String pem = text(call(request), "vcekCert", THIM_PATH);
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).getEncoded();
        } catch (CertificateException e) {
            throw new IOException("IMDS " + THIM_PATH + " vcekCert is not an X.509 certificate", e);
        }
    }

    /** A DCAP TD quote of {@code tdReport} (the 1024-byte TDREPORT_STRUCT). */
    public byte[] tdQuote(byte[] tdReport) throws IOException {
        String body = JSON.writeValueAsString(JSON.createObjectNode()
                .put("report", Base64.getUrlEncoder().withoutPadding().encodeToString(tdReport)));
        HttpRequest request = HttpRequest.newBuilder(base.resolve(TD_QUOTE_PATH)).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        String quote = text(call(request), "quote", TD_QUOTE_PATH);
        try {
            // base64url, with or without padding
            return Base64.getUrlDecoder().decode(quote);
        } catch (IllegalArgumentException e) {
            throw new IOException("IMDS " + TD_QUOTE_PATH + " quote is not base64url");
        }
    }

    private byte[] call(HttpRequest request) throws IOException {
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for IMDS");
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("IMDS " + request.uri().getPath() + " answered HTTP " + response.statusCode());
            }
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new IOException("IMDS " + request.uri().getPath() + " answered more than " + MAX_BODY + " bytes");
            }
            return body;
        }
    }

    private static String text(byte[] body, String field, String path) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            throw new IOException("IMDS " + path + " did not answer JSON");
        }
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IOException("IMDS " + path + " answer has no " + field);
        }
        return value.asText();
    }
}
