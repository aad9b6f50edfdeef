package io.ccl.attestation.policy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.attestation.api.Appraisal;
import io.ccl.attestation.api.EarStatus;
import io.ccl.attestation.api.Finding;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The policies shipped in config/policy/ (copies in testdata/). */
class ShippedPoliciesTest {
    private static final Map<String, Object> SIMULATION = Map.of("insecure", true, "measurement", "00".repeat(48),
            "debug", false);

    @Test
    void devAffirmsSimulationButSaysItIsNotHardware() throws Exception {
        Appraisal a = Appraiser.appraise(load("dev.json"), AppraiserTest.claims("simulation", SIMULATION), Map.of());
        assertEquals(EarStatus.AFFIRMING, a.status(), a.findings()::toString);
        assertEquals(97, a.trustVector().get("hardware"));
        assertEquals(96, a.trustVector().get("runtime-opaque"));
    }

    @Test
    void devDeniesEveryHardwareTee() throws Exception {
        assertEquals("tee.unknown", Appraiser.appraise(load("dev.json"), AppraiserTest.claims("sevsnp", Map.of()),
                Map.of()).findings().get(0).code());
    }

    @Test
    void prodDeniesSimulation() throws Exception {
        Appraisal a = Appraiser.appraise(load("prod.json"), AppraiserTest.claims("simulation", SIMULATION), Map.of());
        assertEquals(EarStatus.CONTRAINDICATED, a.status());
        assertEquals("tee.unknown", a.findings().get(0).code());
    }

    @Test
    void prodTemplateDeniesAllUntilReferenceValuesAreFilledIn() throws Exception {
        Map<String, Object> snp = new LinkedHashMap<>();
        snp.put("measurement", "ab".repeat(48));
        snp.put("host_data", "00".repeat(32));
        snp.put("debug", false);
        snp.put("migrate_ma", false);
        snp.put("reported_tcb", Map.of("snp", 22L, "microcode", 213L));
        Appraisal a = Appraiser.appraise(load("prod.json"), AppraiserTest.claims("sevsnp", snp),
                Map.of("measurements", "cd".repeat(48)));
        assertEquals(EarStatus.CONTRAINDICATED, a.status());
        assertTrue(a.findings().stream().filter(f -> f.status() == EarStatus.CONTRAINDICATED).map(Finding::code)
                .toList().containsAll(java.util.List.of("reference.measurement", "reference.host_data",
                        "runtime.measurements")));
        assertTrue(a.findings().stream().anyMatch(f -> f.code().equals("forbid.debug")
                && f.status() == EarStatus.AFFIRMING));
    }

    /** The Azure site template: empty lists deny; filled in, nested vTPM PCR claims ({@code tpm.pcr07}) are matched. */
    @Test
    void azureSiteTemplateChecksTheParavisorAndTheVtpmPcrs() throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("measurement", "ab".repeat(48));
        claims.put("debug", false);
        claims.put("migrate_ma", false);
        claims.put("reported_tcb", Map.of("snp", 24L, "microcode", 219L));
        claims.put("tpm", Map.of("pcr04", "04".repeat(32), "pcr07", "07".repeat(32)));
        Map<String, Object> runtime = Map.of("measurements", "cd".repeat(48));
        Appraisal empty = Appraiser.appraise(load("site-azure-snp-cvm.json"), AppraiserTest.claims("azsnpvtpm", claims), runtime);
        assertEquals(EarStatus.CONTRAINDICATED, empty.status());
        assertTrue(empty.findings().stream().map(Finding::code).toList().containsAll(java.util.List.of(
                "reference.measurement", "reference.tpm.pcr04", "reference.tpm.pcr07")), empty.findings()::toString);

        String filled = new String(ShippedPoliciesTest.class.getResourceAsStream("testdata/site-azure-snp-cvm.json")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"measurement\": []", "\"measurement\": [\"" + "ab".repeat(48) + "\"]")
                .replace("\"tpm.pcr04\": []", "\"tpm.pcr04\": [\"" + "04".repeat(32) + "\"]")
                .replace("\"tpm.pcr07\": []", "\"tpm.pcr07\": [\"" + "07".repeat(32) + "\"]")
                .replace("\"measurements\": []", "\"measurements\": [\"" + "cd".repeat(48) + "\"]");
        PolicyDocument doc = PolicyParser.parse(filled.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Appraisal ok = Appraiser.appraise(doc, AppraiserTest.claims("azsnpvtpm", claims), runtime);
        assertEquals(EarStatus.AFFIRMING, ok.status(), ok.findings()::toString);
        Map<String, Object> otherPcr = new LinkedHashMap<>(claims);
        otherPcr.put("tpm", Map.of("pcr04", "04".repeat(32), "pcr07", "70".repeat(32)));
        assertEquals(EarStatus.CONTRAINDICATED, Appraiser.appraise(doc, AppraiserTest.claims("azsnpvtpm", otherPcr), runtime)
                .status());
    }

    private static PolicyDocument load(String name) throws IOException, InvalidPolicyException {
        try (InputStream in = ShippedPoliciesTest.class.getResourceAsStream("testdata/" + name)) {
            return PolicyParser.parse(in.readAllBytes());
        }
    }
}
