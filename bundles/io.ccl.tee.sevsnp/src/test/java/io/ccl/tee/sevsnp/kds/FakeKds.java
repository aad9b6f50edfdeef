package io.ccl.tee.sevsnp.kds;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ccl.tee.sevsnp.abi.Product;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local stand-in for the AMD KDS on 127.0.0.1, faithful to its URL shapes (KDS specification AMD
 * 57230, section 4): {@code GET /vcek/v1/{Milan|Genoa|Turin}/{hwid hex}?blSPL=&teeSPL=&snpSPL=&ucodeSPL=}
 * (+ {@code fmcSPL} for Turin) answers the DER VCEK (application/octet-stream), 400 for a missing
 * parameter or malformed hwid, 404 for an unknown chip/TCB; {@code /cert_chain} answers PEM
 * (ASK then ARK); {@code /crl} answers the DER CRL. Queued failures (429 with Retry-After, 5xx) are
 * answered first, as the real service does under load.
 */
public final class FakeKds implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> vceks = new ConcurrentHashMap<>();
    private final Map<Product, byte[]> chains = new ConcurrentHashMap<>();
    private final Map<Product, byte[]> crls = new ConcurrentHashMap<>();
    private final Deque<int[]> failures = new ArrayDeque<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    public FakeKds() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/vcek/v1/", this::handle);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Serves {@code der} for the chip and TCB given as KDS query parameters. */
    public FakeKds vcek(Product product, byte[] hwid, Map<String, Integer> spl, byte[] der) {
        vceks.put(key(product.kdsName(), HexFormat.of().formatHex(hwid), spl), der);
        return this;
    }

    public FakeKds certChain(Product product, byte[] pem) {
        chains.put(product, pem);
        return this;
    }

    public FakeKds crl(Product product, byte[] der) {
        crls.put(product, der);
        return this;
    }

    /** The next request is answered with {@code status} (and {@code Retry-After: seconds} when >= 0). */
    public synchronized FakeKds fail(int status, int retryAfterSeconds) {
        failures.add(new int[] {status, retryAfterSeconds});
        return this;
    }

    /** Paths and queries requested so far. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getRawQuery();
        requests.add(query == null ? path : path + "?" + query);
        int[] failure;
        synchronized (this) {
            failure = failures.poll();
        }
        if (failure != null) {
            if (failure[1] >= 0) {
                ex.getResponseHeaders().add("Retry-After", Integer.toString(failure[1]));
            }
            respond(ex, failure[0], "text/plain", "Too Many Requests".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        if (!"GET".equals(ex.getRequestMethod())) {
            respond(ex, 405, "text/plain", new byte[0]);
            return;
        }
        String[] parts = path.substring("/vcek/v1/".length()).split("/");
        Product product = parts.length == 2 ? productOf(parts[0]) : null;
        if (product == null) {
            respond(ex, 404, "text/plain", "Not Found".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        byte[] body;
        String type = "application/octet-stream";
        if (parts[1].equals("cert_chain")) {
            body = chains.get(product);
            type = "application/x-pem-file";
        } else if (parts[1].equals("crl")) {
            body = crls.get(product);
            type = "application/pkix-crl";
        } else {
            Map<String, Integer> spl = params(query);
            boolean hwidOk = parts[1].matches("[0-9a-f]{" + 2 * product.hwidLength() + "}");
            List<String> required = new ArrayList<>(List.of("blSPL", "teeSPL", "snpSPL", "ucodeSPL"));
            if (product.fmcLayout()) {
                required.add("fmcSPL");
            }
            if (!hwidOk || spl == null || !spl.keySet().containsAll(required)) {
                respond(ex, 400, "text/plain", "Bad Request".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            body = vceks.get(key(product.kdsName(), parts[1], spl));
        }
        if (body == null) {
            respond(ex, 404, "text/plain", "Not Found".getBytes(StandardCharsets.US_ASCII));
        } else {
            respond(ex, 200, type, body);
        }
    }

    private static Product productOf(String name) {
        for (Product p : Product.values()) {
            if (p.kdsName().equals(name)) {
                return p;
            }
        }
        return null;
    }

    private static Map<String, Integer> params(String query) {
        Map<String, Integer> map = new HashMap<>();
        if (query == null) {
            return map;
        }
        for (String kv : query.split("&")) {
            String[] p = kv.split("=", 2);
            try {
                map.put(p[0], Integer.parseInt(p[1]));
            } catch (RuntimeException e) {
                return null;
            }
        }
        return map;
    }

    private static String key(String product, String hwid, Map<String, Integer> spl) {
        return product + "/" + hwid + "/" + new java.util.TreeMap<>(spl);
    }

    private static void respond(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
