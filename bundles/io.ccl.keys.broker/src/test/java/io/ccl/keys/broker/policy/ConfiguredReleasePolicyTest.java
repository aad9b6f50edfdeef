package io.ccl.keys.broker.policy;

import static io.ccl.keys.broker.TestResults.result;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.attestation.api.AttestationResult;
import io.ccl.attestation.api.EarStatus;
import io.ccl.keys.api.ResourcePath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfiguredReleasePolicyTest {
    private static final ResourcePath API_KEY = ResourcePath.parse("default/secret/api-key");
    private static final AttestationResult SIMULATION = result("simulation", EarStatus.AFFIRMING, Map.of());
    private static final String SIMPLE = "{\"rules\":[{\"resources\":\"default/secret/*\",\"tee_types\":[\"simulation\",\"sevsnp\"]}]}";

    @TempDir
    Path dir;
    private int edits;

    private Path write(String json) throws Exception {
        Path file = dir.resolve("release-policy.json");
        Path temp = dir.resolve("policy.tmp");
        Files.writeString(temp, json);
        // Distinct modification times even on file systems with coarse timestamps.
        Files.setLastModifiedTime(temp, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(++edits)));
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    private ConfiguredReleasePolicy policy(String json) throws Exception {
        return new ConfiguredReleasePolicy(write(json));
    }

    @Test
    void grantsByResourceGlobAndTeeType() throws Exception {
        ConfiguredReleasePolicy policy = policy(SIMPLE);
        assertTrue(policy.permits(API_KEY, SIMULATION));
        assertTrue(policy.permits(API_KEY, result("sevsnp", EarStatus.AFFIRMING, Map.of())));
        assertFalse(policy.permits(API_KEY, result("tdx", EarStatus.AFFIRMING, Map.of())));
        assertFalse(policy.permits(API_KEY, result(null, EarStatus.AFFIRMING, Map.of())));
        assertFalse(policy.permits(ResourcePath.parse("default/key/api-key"), SIMULATION));
        assertFalse(policy.permits(ResourcePath.parse("other/secret/api-key"), SIMULATION));
        assertFalse(policy.permits(API_KEY, null));
    }

    @Test
    void defaultDenyWithoutRulesOrFile() throws Exception {
        assertFalse(policy("{\"rules\":[]}").permits(API_KEY, SIMULATION));
        assertFalse(new ConfiguredReleasePolicy(dir.resolve("absent.json")).permits(API_KEY, SIMULATION));
    }

    @Test
    void minimumStatusTier() throws Exception {
        ConfiguredReleasePolicy strict = policy(SIMPLE);
        assertFalse(strict.permits(API_KEY, result("simulation", EarStatus.WARNING, Map.of())), "affirming is the default");
        ConfiguredReleasePolicy lenient = policy(
                "{\"rules\":[{\"resources\":\"default/secret/*\",\"tee_types\":[\"simulation\"],\"min_status\":\"warning\"}]}");
        assertTrue(lenient.permits(API_KEY, result("simulation", EarStatus.WARNING, Map.of())));
        assertTrue(lenient.permits(API_KEY, SIMULATION));
        assertFalse(lenient.permits(API_KEY, result("simulation", EarStatus.CONTRAINDICATED, Map.of())));
        assertFalse(lenient.permits(API_KEY, result("simulation", EarStatus.NONE, Map.of())));
    }

    @Test
    void claimConstraintsAllHoldByDotPath() throws Exception {
        ConfiguredReleasePolicy policy = policy("{\"rules\":[{\"resources\":[\"default/secret/*\"],\"tee_types\":[\"sevsnp\"],"
                + "\"claims\":{\"measurement\":[\"aa11\",\"bb22\"],\"tcb.snp\":8,\"debug\":false},"
                + "\"description\":\"production images only\"}]}");
        Map<String, Object> good = Map.of("measurement", "bb22", "tcb", Map.of("snp", 8L, "microcode", 115), "debug", false);
        assertTrue(policy.permits(API_KEY, result("sevsnp", EarStatus.AFFIRMING, good)));
        assertTrue(policy.permits(API_KEY, result("sevsnp", EarStatus.AFFIRMING,
                Map.of("measurement", "aa11", "tcb", Map.of("snp", 8.0), "debug", false))), "numbers compare by value");
        assertFalse(policy.permits(API_KEY, result("sevsnp", EarStatus.AFFIRMING,
                Map.of("measurement", "cc33", "tcb", Map.of("snp", 8), "debug", false))));
        assertFalse(policy.permits(API_KEY, result("sevsnp", EarStatus.AFFIRMING,
                Map.of("measurement", "AA11", "tcb", Map.of("snp", 8), "debug", false))), "hex claims are compared exactly");
        assertFalse(policy.permits(API_KEY, result("sevsnp", EarStatus.AFFIRMING,
                Map.of("measurement", "aa11", "tcb", Map.of("snp", 7), "debug", false))));
        assertFalse(policy.permits(API_KEY, result("sevsnp", EarStatus.AFFIRMING,
                Map.of("measurement", "aa11", "tcb", Map.of("snp", "8"), "debug", false))), "types must agree");
        assertFalse(policy.permits(API_KEY, result("sevsnp", EarStatus.AFFIRMING,
                Map.of("measurement", "aa11", "tcb", Map.of("snp", 8), "debug", true))));
        assertFalse(policy.permits(API_KEY, result("sevsnp", EarStatus.AFFIRMING,
                Map.of("measurement", "aa11", "debug", false))), "a missing claim never matches");
        assertFalse(policy.permits(API_KEY, result("sevsnp", EarStatus.AFFIRMING,
                Map.of("measurement", "aa11", "tcb", 8, "debug", false))));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "[]",
        "{\"rules\":{}}",
        "{\"rule\":[]}",
        "{\"rules\":[{\"resources\":\"default/secret/*\",\"tee_types\":[\"simulation\"],\"claim\":{\"x\":1}}]}",
        "{\"rules\":[{\"resources\":\"default/secret/*\",\"tee_types\":[]}]}",
        "{\"rules\":[{\"resources\":\"default/secret/*\"}]}",
        "{\"rules\":[{\"tee_types\":[\"simulation\"]}]}",
        "{\"rules\":[{\"resources\":\"default/*\",\"tee_types\":[\"simulation\"]}]}",
        "{\"rules\":[{\"resources\":\"default/secret/*\",\"tee_types\":[\"simulation\"],\"min_status\":\"none\"}]}",
        "{\"rules\":[{\"resources\":\"default/secret/*\",\"tee_types\":[\"simulation\"],\"claims\":{\"m\":{\"a\":1}}}]}",
        "{\"rules\":[{\"resources\":\"default/secret/*\",\"tee_types\":[\"simulation\"],\"claims\":{\"a..b\":1}}]}",
        "{\"rules\":[{\"resources\":\"default/secret/*\",\"tee_types\":[\"simulation\"]}]} trailing",
        "{\"rules\":[{\"resources\":\"default/secret/*\",\"tee_types\":[\"simulation\"],\"tee_types\":[\"x\"]}]}"})
    void anyDefectDeniesEverything(String json) throws Exception {
        // A defective rule also voids a valid grant for the request placed before it.
        String prefix = "{\"rules\":[";
        String withGrant = json.startsWith(prefix + "{")
                ? prefix + "{\"resources\":\"*/*/*\",\"tee_types\":[\"simulation\"]}," + json.substring(prefix.length())
                : json;
        assertFalse(policy(withGrant).permits(API_KEY, SIMULATION));
    }

    @Test
    void reloadsWhenTheFileChanges() throws Exception {
        Path file = write(SIMPLE);
        ConfiguredReleasePolicy policy = new ConfiguredReleasePolicy(file);
        assertTrue(policy.permits(API_KEY, SIMULATION));
        write("{\"rules\":[{\"resources\":\"default/secret/*\",\"tee_types\":[\"sevsnp\"]}]}");
        assertFalse(policy.permits(API_KEY, SIMULATION));
        write("{\"rules\":[ broken");
        assertFalse(policy.permits(API_KEY, result("sevsnp", EarStatus.AFFIRMING, Map.of())), "invalid file denies all");
        write(SIMPLE);
        assertTrue(policy.permits(API_KEY, SIMULATION), "fixed file is used again");
        Files.delete(file);
        assertFalse(policy.permits(API_KEY, SIMULATION), "deleted file denies all");
    }
}
