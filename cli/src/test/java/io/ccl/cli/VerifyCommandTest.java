package io.ccl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ccl verify} on every Nitro, CCA and Azure vector the project holds (copies in
 * {@code vectors/}, see its README): genuine evidence verifies with its claims in the JSON output,
 * tampered evidence is rejected with its typed reason, truncated evidence only as malformed.
 */
class VerifyCommandTest {
    private static final String CHALLENGE = HexFormat.of().formatHex("challenge".getBytes(StandardCharsets.US_ASCII));
    private static final String CCA_TRUSTEE_CHALLENGE = "57e979ae2618de0c1ab73144c440d741cf9236dc9d52ed190053382a4d190252"
            + "f9f0370403c35dcb155fb4362d73c66d5b0494bf939315d3dc52b8cdc8b85a96";

    @TempDir
    Path dir;

    private Path vector(String name) throws IOException {
        Path p = dir.resolve(name.replace('/', '_'));
        try (InputStream in = VerifyCommandTest.class.getResourceAsStream("vectors/" + name)) {
            Files.write(p, in.readAllBytes());
        }
        return p;
    }

    private Cli.Result verify(String tee, String evidence, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("verify", "--tee", tee, "--evidence", vector(evidence).toString()));
        for (int i = 0; i < more.length; i++) {
            args.add(more[i]);
            if (more[i].equals("--collateral")) {
                args.add(vector(more[++i]).toString());
            }
        }
        return Cli.run(args.toArray(String[]::new));
    }

    private static JsonNode verified(Cli.Result r) {
        assertTrue(r.verified(), () -> String.valueOf(r.json()) + r.err());
        assertEquals(0, r.code());
        return r.json().get("claims");
    }

    private static void rejected(Cli.Result r, String reason) {
        assertFalse(r.verified(), String.valueOf(r.json()));
        assertEquals(reason, r.reason(), String.valueOf(r.json()));
        assertEquals(1, r.code());
    }

    @Test
    void nitroDocumentVerifiesWithItsClaimsAndTamperedOnesAreRejected() throws Exception {
        String now = "2024-09-07T14:40:00Z";
        JsonNode c = verified(verify("nitro", "nitro/derived_nitro_attestation.cbor", "--now", now));
        assertEquals("i-0a22e5c5f24d22174-enc0191cceb4289903f", c.get("module_id").asText());
        assertEquals("SHA384", c.get("digest").asText());
        assertEquals(96, c.get("pcr0").asText().length());
        assertFalse(c.get("debug").asBoolean());
        JsonNode audit = verified(verify("nitro", "nitro/derived_nitro_attestation.cbor", "--hint", "nitro.time_mode=audit"));
        assertEquals("audit", audit.get("time_mode").asText());
        rejected(verify("nitro", "nitro/derived_nitro_attestation.cbor"), "CERT_EXPIRED"); // live mode, today
        for (String t : List.of("nitro_module_id_flipped", "nitro_pcr4_flipped", "nitro_signature_flipped")) {
            rejected(verify("nitro", "nitro/" + t + ".cbor", "--now", now), "BAD_SIGNATURE");
        }
        Path debug = dir.resolve("debug.cbor");
        Files.write(debug, Base64.getMimeDecoder().decode(Files.readAllBytes(vector("nitro/nitro_attestation_debug.b64"))));
        rejected(Cli.run("verify", "--tee", "nitro", "--evidence", debug.toString(), "--now", now), "DEBUG_MODE");
        assertTrue(verified(Cli.run("verify", "--tee", "nitro", "--evidence", debug.toString(), "--now", now,
                "--hint", "nitro.allow_debug=true")).get("debug").asBoolean());
    }

    @Test
    void ccaTokensVerifyAgainstTheirPlatformKeys() throws Exception {
        JsonNode c = verified(verify("cca", "cca/cca_misc_cca-example-token.cbor", "--collateral", "cca/cca_conf_tastore.json",
                "--now", "2025-01-01T00:00:00Z", "--report-data", CCA_TRUSTEE_CHALLENGE));
        assertEquals(CCA_TRUSTEE_CHALLENGE, c.get("realm_challenge").asText());
        assertTrue(c.has("realm_initial_measurement") && c.has("realm_extensible_measurements")
                && c.has("realm_personalization_value") && c.has("platform_implementation_id")
                && c.has("platform_sw_components"), c.toString());
        JsonNode veraison = verified(verify("cca", "cca/arm-cca_evidence_cca-good.cbor", "--collateral",
                "cca/arm-cca_evidence_src_ec.p256.jwk", "--now", "2025-01-01T00:00:00Z"));
        assertEquals("ES256", veraison.get("platform_signature_alg").asText());
        rejected(verify("cca", "cca/cca_realm_challenge_flipped.cbor", "--collateral", "cca/cca_misc_cpak-pub.json",
                "--now", "2025-01-01T00:00:00Z"), "BAD_SIGNATURE");
        rejected(verify("cca", "cca/cca_misc_cca-example-token.cbor", "--collateral", "cca/arm-cca_evidence_src_ec.p256.jwk",
                "--now", "2025-01-01T00:00:00Z"), "UNTRUSTED_ROOT");
        rejected(verify("cca", "cca/cca_misc_cca-example-token.cbor", "--now", "2025-01-01T00:00:00Z"),
                "COLLATERAL_UNAVAILABLE");
    }

    /** The Azure files end with a newline, as editors write JSON; the CLI takes them as they are. */
    @Test
    void azureSnpVtpmEvidenceFilesVerify() throws Exception {
        for (String v : List.of("v0", "v1")) {
            JsonNode c = verified(verify("azsnpvtpm", "azure/az-snp-vtpm_evidence-" + v + ".json", "--now",
                    "2025-06-01T00:00:00Z", "--revocation", "allow-unavailable", "--report-data", CHALLENGE));
            assertEquals(CHALLENGE, c.get("tpm_extra_data").asText());
            assertEquals(0, c.get("vmpl").asInt());
            assertEquals(24, c.get("tpm").size());
        }
        for (String v : List.of("v2", "genoa")) {
            JsonNode c = verified(verify("azsnpvtpm", "azure/az-snp-vtpm_evidence-" + v + ".json", "--now",
                    "2025-06-01T00:00:00Z", "--revocation", "allow-unavailable"));
            String nonce = c.get("tpm_extra_data").asText();
            assertEquals(96, nonce.length());
            verified(verify("azsnpvtpm", "azure/az-snp-vtpm_evidence-" + v + ".json", "--now", "2025-06-01T00:00:00Z",
                    "--revocation", "allow-unavailable", "--report-data", nonce));
        }
        rejected(verify("azsnpvtpm", "azure/az-snp-vtpm_evidence-v1.json", "--now", "2025-06-01T00:00:00Z",
                "--revocation", "allow-unavailable", "--report-data", "6368616c6c656e6766"), "REPORT_DATA_MISMATCH");
    }

    @Test
    void azureTdxVtpmEvidenceFilesVerifyWithIntelCollateral() throws Exception {
        for (String v : List.of("v0", "v1")) {
            JsonNode c = verified(verify("aztdxvtpm", "azure/az-tdx-vtpm_evidence-" + v + ".json",
                    "--collateral", "azure/tcbInfo-tdx-00806f050000.json", "--collateral", "azure/enclaveIdentity.json",
                    "--collateral", "azure/derived_tdx_root_ca_crl.der", "--now", "2025-10-29T00:00:00Z",
                    "--revocation", "allow-unavailable", "--report-data", CHALLENGE));
            assertEquals("00806f050000", c.get("fmspc").asText());
            assertEquals(96, c.get("mr_td").asText().length());
        }
    }

    @Test
    void truncatedEvidenceIsMalformedForEveryBackend() throws Exception {
        String[][] cases = {{"nitro", "nitro/derived_nitro_attestation.cbor"}, {"cca", "cca/arm-cca_evidence_cca-good.cbor"},
                {"azsnpvtpm", "azure/az-snp-vtpm_evidence-v1.json"}, {"aztdxvtpm", "azure/az-tdx-vtpm_evidence-v1.json"}};
        for (String[] c : cases) {
            byte[] all = Files.readAllBytes(vector(c[1]));
            for (int cut : new int[] {0, 1, all.length / 2, all.length - 3}) {
                Path t = dir.resolve("cut-" + c[0] + "-" + cut);
                Files.write(t, Arrays.copyOf(all, cut));
                rejected(Cli.run("verify", "--tee", c[0], "--evidence", t.toString(), "--now", "2025-01-01"), "MALFORMED");
            }
        }
    }
}
