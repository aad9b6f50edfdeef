package io.ccl.attestation.policy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ccl.attestation.api.Appraisal;
import io.ccl.attestation.api.EarStatus;
import io.ccl.attestation.api.Finding;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.ReportData;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AppraiserTest {
    private static final String SNP_POLICY = """
            {"id": "t",
             "tee": {
               "sevsnp": {"require": ["chip_id"],
                          "reference": {"measurement": ["AABB", "ccdd"], "host_data": ["00", "01"]},
                          "forbid": {"debug": true, "migrate_ma": true},
                          "minimum": {"reported_tcb.snp": 8, "reported_tcb.microcode": 115},
                          "warn_if": {"smt_enabled": true}},
               "tdx": {"forbid": {"debug": true},
                       "accept_tcb_status": {"UpToDate": "affirming", "SWHardeningNeeded": "warning"}},
               "simulation": {"allow_insecure": true, "require": ["measurement"]},
               "nitro": {"reference": {"pcrs.0": ["00ff"]}}},
             "runtime": {"measurements": ["1234abcd"]}}
            """;
    private static final String NO_RUNTIME_POLICY = """
            {"id": "t2", "tee": {"sevsnp": {"reference": {"measurement": ["aabb"]}}, "tdx": {"reference": {"mr_td": []}},
             "simulation": {"require": ["measurement"]}}}
            """;
    private static final String EMPTY_RUNTIME_POLICY = """
            {"id": "t3", "tee": {"sevsnp": {}}, "runtime": {"measurements": []}}
            """;

    /** A sevsnp claim set that passes every rule of SNP_POLICY. */
    private static Map<String, Object> goodSnp() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("measurement", "aabb");
        c.put("host_data", "00");
        c.put("chip_id", "c0ffee");
        c.put("debug", false);
        c.put("migrate_ma", false);
        c.put("reported_tcb", Map.of("snp", 8L, "microcode", 210L));
        c.put("smt_enabled", false);
        return c;
    }

    private static Map<String, Object> snp(String key, Object value) {
        Map<String, Object> c = goodSnp();
        if (value == null) {
            c.remove(key);
        } else {
            c.put(key, value);
        }
        return c;
    }

    private static Map<String, Object> goodRuntime() {
        return Map.of("nonce", "n", "measurements", "1234ABCD");
    }

    static Stream<Arguments> rules() {
        Map<String, Object> tdxGood = Map.of("debug", false, "tcb_status", "UpToDate");
        return Stream.of(
                // name, policy, tee, claims, runtime-data, status, finding code, finding status, vector key, vector value
                row("unknown TEE", SNP_POLICY, "sgx", Map.of(), goodRuntime(), EarStatus.CONTRAINDICATED,
                        "tee.unknown", EarStatus.CONTRAINDICATED, "hardware", 97),
                row("all rules pass", SNP_POLICY, "sevsnp", goodSnp(), goodRuntime(), EarStatus.AFFIRMING,
                        "tee.verified", EarStatus.AFFIRMING, "executables", 2),
                row("reference matches case-insensitively", SNP_POLICY, "sevsnp", snp("measurement", "CCDD"),
                        goodRuntime(), EarStatus.AFFIRMING, "reference.measurement", EarStatus.AFFIRMING,
                        "instance-identity", 2),
                row("reference mismatch", SNP_POLICY, "sevsnp", snp("measurement", "aabc"), goodRuntime(),
                        EarStatus.CONTRAINDICATED, "reference.measurement", EarStatus.CONTRAINDICATED, "executables", 96),
                row("reference claim missing", SNP_POLICY, "sevsnp", snp("measurement", null), goodRuntime(),
                        EarStatus.CONTRAINDICATED, "reference.measurement", EarStatus.CONTRAINDICATED, "executables", 96),
                row("reference kind mismatch", SNP_POLICY, "sevsnp", snp("measurement", 0xaabbL), goodRuntime(),
                        EarStatus.CONTRAINDICATED, "reference.measurement", EarStatus.CONTRAINDICATED, "executables", 96),
                row("empty reference list denies all", NO_RUNTIME_POLICY, "tdx", Map.of("mr_td", "00"), Map.of(),
                        EarStatus.CONTRAINDICATED, "reference.mr_td", EarStatus.CONTRAINDICATED, "executables", 96),
                row("nested reference path", SNP_POLICY, "nitro", Map.of("pcrs", Map.of("0", "00FF")), goodRuntime(),
                        EarStatus.AFFIRMING, "reference.pcrs.0", EarStatus.AFFIRMING, "executables", 2),
                row("flat dotted claim name", SNP_POLICY, "nitro", Map.of("pcrs.0", "00ff"), goodRuntime(),
                        EarStatus.AFFIRMING, "reference.pcrs.0", EarStatus.AFFIRMING, "executables", 2),
                row("required claim present", SNP_POLICY, "sevsnp", goodSnp(), goodRuntime(), EarStatus.AFFIRMING,
                        "require.chip_id", EarStatus.AFFIRMING, "executables", 2),
                row("required claim missing", SNP_POLICY, "sevsnp", snp("chip_id", null), goodRuntime(),
                        EarStatus.CONTRAINDICATED, "require.chip_id", EarStatus.CONTRAINDICATED, "executables", 96),
                row("forbidden debug", SNP_POLICY, "sevsnp", snp("debug", true), goodRuntime(),
                        EarStatus.CONTRAINDICATED, "forbid.debug", EarStatus.CONTRAINDICATED, "configuration", 96),
                row("forbid passes", SNP_POLICY, "sevsnp", goodSnp(), goodRuntime(), EarStatus.AFFIRMING,
                        "forbid.migrate_ma", EarStatus.AFFIRMING, "configuration", 2),
                row("forbidden claim missing", SNP_POLICY, "sevsnp", snp("migrate_ma", null), goodRuntime(),
                        EarStatus.CONTRAINDICATED, "forbid.migrate_ma", EarStatus.CONTRAINDICATED, "configuration", 96),
                row("below minimum", SNP_POLICY, "sevsnp", snp("reported_tcb", Map.of("snp", 7L, "microcode", 210L)),
                        goodRuntime(), EarStatus.CONTRAINDICATED, "minimum.reported_tcb.snp", EarStatus.CONTRAINDICATED,
                        "hardware", 96),
                row("at minimum", SNP_POLICY, "sevsnp", goodSnp(), goodRuntime(), EarStatus.AFFIRMING,
                        "minimum.reported_tcb.snp", EarStatus.AFFIRMING, "hardware", 2),
                row("minimum on a non-integer", SNP_POLICY, "sevsnp", snp("reported_tcb", Map.of("snp", "8",
                        "microcode", 210L)), goodRuntime(), EarStatus.CONTRAINDICATED, "minimum.reported_tcb.snp",
                        EarStatus.CONTRAINDICATED, "hardware", 96),
                row("minimum claim missing", SNP_POLICY, "sevsnp", snp("reported_tcb", Map.of("snp", 9L)),
                        goodRuntime(), EarStatus.CONTRAINDICATED, "minimum.reported_tcb.microcode",
                        EarStatus.CONTRAINDICATED, "hardware", 96),
                row("warn_if hit", SNP_POLICY, "sevsnp", snp("smt_enabled", true), goodRuntime(), EarStatus.WARNING,
                        "warn.smt_enabled", EarStatus.WARNING, "configuration", 32),
                row("tcb status affirming", SNP_POLICY, "tdx", tdxGood, goodRuntime(), EarStatus.AFFIRMING,
                        "tcb_status", EarStatus.AFFIRMING, "hardware", 2),
                row("tcb status warning", SNP_POLICY, "tdx", Map.of("debug", false, "tcb_status", "swhardeningneeded"),
                        goodRuntime(), EarStatus.WARNING, "tcb_status", EarStatus.WARNING, "hardware", 32),
                row("tcb status not accepted", SNP_POLICY, "tdx", Map.of("debug", false, "tcb_status", "OutOfDate"),
                        goodRuntime(), EarStatus.CONTRAINDICATED, "tcb_status", EarStatus.CONTRAINDICATED, "hardware", 96),
                row("tcb status absent", SNP_POLICY, "tdx", Map.of("debug", false), goodRuntime(),
                        EarStatus.CONTRAINDICATED, "tcb_status", EarStatus.CONTRAINDICATED, "hardware", 96),
                row("warning and contraindicated: worst wins", SNP_POLICY, "tdx",
                        Map.of("debug", true, "tcb_status", "SWHardeningNeeded"), goodRuntime(),
                        EarStatus.CONTRAINDICATED, "forbid.debug", EarStatus.CONTRAINDICATED, "hardware", 32),
                row("insecure allowed", SNP_POLICY, "simulation", Map.of("insecure", true, "measurement", "00"),
                        goodRuntime(), EarStatus.AFFIRMING, "tee.insecure", EarStatus.AFFIRMING, "hardware", 97),
                row("insecure allowed still needs required claims", SNP_POLICY, "simulation", Map.of("insecure", true),
                        goodRuntime(), EarStatus.CONTRAINDICATED, "require.measurement", EarStatus.CONTRAINDICATED,
                        "runtime-opaque", 96),
                row("insecure not allowed", NO_RUNTIME_POLICY, "simulation", Map.of("insecure", true, "measurement",
                        "00"), Map.of(), EarStatus.CONTRAINDICATED, "tee.insecure", EarStatus.CONTRAINDICATED,
                        "hardware", 97),
                row("insecure as a non-boolean counts as insecure", NO_RUNTIME_POLICY, "simulation",
                        Map.of("insecure", "yes", "measurement", "00"), Map.of(), EarStatus.CONTRAINDICATED,
                        "tee.insecure", EarStatus.CONTRAINDICATED, "runtime-opaque", 96),
                row("insecure false is genuine", NO_RUNTIME_POLICY, "sevsnp", Map.of("insecure", false,
                        "measurement", "aabb"), Map.of(), EarStatus.AFFIRMING, "reference.measurement",
                        EarStatus.AFFIRMING, "runtime-opaque", 2),
                row("boot pinned only: approved boot", NO_RUNTIME_POLICY, "sevsnp", Map.of("measurement", "aabb"),
                        Map.of(), EarStatus.AFFIRMING, "reference.measurement", EarStatus.AFFIRMING, "executables", 3),
                row("runtime measurement mismatch", SNP_POLICY, "sevsnp", goodSnp(), Map.of("measurements", "ff"),
                        EarStatus.CONTRAINDICATED, "runtime.measurements", EarStatus.CONTRAINDICATED, "executables", 96),
                row("runtime measurement missing", SNP_POLICY, "sevsnp", goodSnp(), Map.of("nonce", "n"),
                        EarStatus.CONTRAINDICATED, "runtime.measurements", EarStatus.CONTRAINDICATED, "executables", 96),
                row("runtime measurement not a string", SNP_POLICY, "sevsnp", goodSnp(),
                        Map.of("measurements", List.of("1234abcd")), EarStatus.CONTRAINDICATED, "runtime.measurements",
                        EarStatus.CONTRAINDICATED, "executables", 96),
                row("empty runtime list denies all", EMPTY_RUNTIME_POLICY, "sevsnp", Map.of(),
                        Map.of("measurements", "00"), EarStatus.CONTRAINDICATED, "runtime.measurements",
                        EarStatus.CONTRAINDICATED, "executables", 96));
    }

    private static Arguments row(String name, String policy, String tee, Map<String, Object> claims,
            Map<String, Object> runtime, EarStatus status, String code, EarStatus findingStatus, String category,
            int vectorValue) {
        return Arguments.of(name, policy, tee, claims, runtime, status, code, findingStatus, category, vectorValue);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void appraisesEachRule(String name, String policy, String tee, Map<String, Object> claims,
            Map<String, Object> runtime, EarStatus status, String code, EarStatus findingStatus, String category,
            int vectorValue) throws Exception {
        Appraisal a = Appraiser.appraise(parse(policy), claims(tee, claims), runtime);
        assertEquals(status, a.status(), () -> name + ": " + a.findings());
        Finding f = a.findings().stream().filter(x -> x.code().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError(name + ": no finding " + code + " in " + a.findings()));
        assertEquals(findingStatus, f.status(), f::message);
        assertEquals(vectorValue, a.trustVector().get(category), () -> name + ": vector " + a.trustVector());
    }

    @Test
    void findingsFollowTheFixedRuleOrderAndFileOrder() throws Exception {
        Appraisal a = Appraiser.appraise(parse(SNP_POLICY), claims("sevsnp", goodSnp()), goodRuntime());
        assertEquals(List.of("tee.verified", "require.chip_id", "reference.measurement", "reference.host_data",
                "forbid.debug", "forbid.migrate_ma", "minimum.reported_tcb.snp", "minimum.reported_tcb.microcode",
                "warn.smt_enabled", "runtime.measurements"), a.findings().stream().map(Finding::code).toList());
    }

    @Test
    void everyFailureIsReportedNotOnlyTheFirst() throws Exception {
        Map<String, Object> c = snp("debug", true);
        c.put("measurement", "ffff");
        Appraisal a = Appraiser.appraise(parse(SNP_POLICY), claims("sevsnp", c), Map.of());
        assertEquals(List.of("reference.measurement", "forbid.debug", "runtime.measurements"), a.findings().stream()
                .filter(f -> f.status() == EarStatus.CONTRAINDICATED).map(Finding::code).toList());
    }

    @Test
    void revisionCarriesTheIdAndTheFileDigest() throws Exception {
        PolicyDocument doc = parse(SNP_POLICY);
        Appraisal a = Appraiser.appraise(doc, claims("sgx", Map.of()), Map.of());
        assertEquals("t@sha256:" + doc.digest().substring(0, 12), a.policyId());
    }

    static PolicyDocument parse(String json) throws InvalidPolicyException {
        return PolicyParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    static VerifiedClaims claims(String tee, Map<String, Object> claims) {
        return new VerifiedClaims(tee, ReportData.of(new byte[0]), claims);
    }
}
