package io.ccl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ccl attest} against {@link FakeRuntime}, and the {@code Retry-After} parser. */
class AttestCommandTest {
    @TempDir
    Path tmp;
    private FakeRuntime runtime;

    @BeforeEach
    void setUp() throws Exception {
        runtime = new FakeRuntime(tmp);
    }

    @AfterEach
    void tearDown() {
        runtime.close();
    }

    @Test
    void attestedRuntimeVerifies() throws Exception {
        Cli.Result r = attest();
        assertEquals(0, r.code(), String.valueOf(r.json()));
        assertTrue(r.verified());
        assertEquals("simulation", r.json().get("tee").asText());
        assertEquals(runtime.url(), r.json().get("url").asText());
        assertTrue(r.json().at("/claims/insecure").asBoolean());
        assertEquals(runtime.runtimeKey.publicJwk().get("x"), r.json().at("/runtime_data/tee-pubkey/x").asText());
        assertEquals("valid", r.json().at("/runtime_verifier/token").asText());
        assertEquals("affirming", r.json().at("/runtime_verifier/ear_status").asText());
    }

    @Test
    void rejectionsSayWhy() throws Exception {
        runtime.attester = FakeRuntime.attester(tmp.resolve("other"));
        Cli.Result untrusted = attest();
        assertRejected("UNTRUSTED_ROOT", untrusted);
        assertTrue(untrusted.json().has("expected"));
        runtime.attester = FakeRuntime.attester(tmp.resolve("trusted"));
        runtime.tamper = rd -> {
            rd.put("measurements", "sha384:" + "cd".repeat(48));
            return rd;
        };
        assertRejected("REPORT_DATA_MISMATCH", attest());
        runtime.server.route(FakeRuntime.ATTESTATION, q -> FakeServer.Response.problem(503, "EVIDENCE_UNAVAILABLE", "attester down"));
        Cli.Result down = attest();
        assertRejected("HTTP_ERROR", down);
        assertEquals("unknown", down.json().get("tee").asText());
        assertEquals("EVIDENCE_UNAVAILABLE", down.json().at("/problem/code").asText());
        runtime.server.route(FakeRuntime.ATTESTATION, q -> FakeServer.Response.json("[1]".getBytes()));
        assertRejected("MALFORMED", attest());
        Cli.Result gone = Cli.run("attest", "--url", "http://127.0.0.1:1", "--trust-key", runtime.trustKey.toString());
        assertRejected("UNAVAILABLE", gone);
    }

    @Test
    void badUrlIsAUsageError() throws Exception {
        Cli.Result r = Cli.run("attest", "--url", "ftp://runtime.test");
        assertEquals(2, r.code());
        assertNull(r.json());
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals(5, HttpFetcher.retryAfter("5", now));
        assertEquals(0, HttpFetcher.retryAfter(" 0 ", now));
        assertEquals(90, HttpFetcher.retryAfter("Thu, 1 Jan 2026 00:01:30 GMT", now));
        assertEquals(0, HttpFetcher.retryAfter("Wed, 31 Dec 2025 23:00:00 GMT", now));
        assertEquals(-1, HttpFetcher.retryAfter(null, now));
        assertEquals(-1, HttpFetcher.retryAfter("-3", now));
        assertEquals(-1, HttpFetcher.retryAfter("soon", now));
    }

    private Cli.Result attest() throws Exception {
        return Cli.run("attest", "--url", runtime.url(), "--trust-key", runtime.trustKey.toString());
    }

    private static void assertRejected(String reason, Cli.Result r) {
        assertEquals(1, r.code(), String.valueOf(r.json()));
        assertFalse(r.verified());
        assertEquals(reason, r.reason(), String.valueOf(r.json()));
        assertFalse(r.json().has("runtime_data"), "runtime-data is shown only once it is bound to verified evidence");
    }
}
