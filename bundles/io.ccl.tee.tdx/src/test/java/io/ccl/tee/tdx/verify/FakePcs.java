package io.ccl.tee.tdx.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * A local stand-in for Intel PCS API v4, serving one platform's collateral (from a QuoteCollateralV3 document)
 * with the real URL shapes, the issuer-chain response headers (URL-encoded PEM) and 404 for anything else.
 * Listens on 127.0.0.1 only.
 */
final class FakePcs implements AutoCloseable {
    private final HttpServer server;
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    FakePcs(byte[] combinedCollateral, String fmspc, boolean tdx) throws IOException {
        JsonNode c = new ObjectMapper().readTree(combinedCollateral);
        String tee = tdx ? "/tdx" : "/sgx";
        byte[] tcbInfo = ("{\"tcbInfo\":" + c.get("tcb_info").textValue() + ",\"signature\":\""
                + c.get("tcb_info_signature").textValue() + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] qeIdentity = ("{\"enclaveIdentity\":" + c.get("qe_identity").textValue() + ",\"signature\":\""
                + c.get("qe_identity_signature").textValue() + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] pckCrl = HexFormat.of().parseHex(c.get("pck_crl").textValue());
        byte[] rootCrl = HexFormat.of().parseHex(c.get("root_ca_crl").textValue());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getQuery();
            requests.add(path + (query == null ? "" : "?" + query));
            if (path.equals(tee + "/certification/v4/tcb") && ("fmspc=" + fmspc).equals(query)) {
                send(exchange, tcbInfo, "TCB-Info-Issuer-Chain", c.get("tcb_info_issuer_chain").textValue());
            } else if (path.equals(tee + "/certification/v4/qe/identity")) {
                send(exchange, qeIdentity, "SGX-Enclave-Identity-Issuer-Chain",
                        c.get("qe_identity_issuer_chain").textValue());
            } else if (path.equals("/sgx/certification/v4/pckcrl") && query != null && query.contains("encoding=der")) {
                send(exchange, pckCrl, "SGX-PCK-CRL-Issuer-Chain", c.get("pck_crl_issuer_chain").textValue());
            } else if (path.equals("/IntelSGXRootCA.der")) {
                send(exchange, rootCrl, null, null);
            } else {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
            }
        });
        server.start();
    }

    private static void send(HttpExchange exchange, byte[] body, String header, String pem) throws IOException {
        if (header != null) {
            exchange.getResponseHeaders().add(header, URLEncoder.encode(pem, StandardCharsets.UTF_8));
        }
        exchange.getResponseHeaders().add("Request-ID", "fake");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
