package io.ccl.attestation.policy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.attestation.api.Appraisal;
import io.ccl.attestation.api.EarStatus;
import io.ccl.attestation.api.Finding;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.ReportData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleAppraisalTest {
    private static final String GENESIS = "00".repeat(48);
    private static final String A = "aa".repeat(48);
    private static final String B = "bb".repeat(48);

    private static String policy(String digests) {
        return """
                {"id": "m", "tee": {"simulation": {"allow_insecure": true}}, "modules": {"digests": [%s]}}
                """.formatted(digests);
    }

    private static Map<String, Object> entry(long seq, long id, String action, String bsn, String sha, long time) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("seq", seq);
        e.put("id", id);
        e.put("action", action);
        e.put("bsn", bsn);
        e.put("version", "1.0.0");
        e.put("sha384", sha);
        e.put("time", time);
        return e;
    }

    /** Runtime-data as the runtime builds it, with the chain computed independently here. */
    private static Map<String, Object> runtimeData(List<Map<String, Object>> entries) {
        String d = GENESIS;
        for (Map<String, Object> e : entries) {
            d = ModuleLog.chain(d, e.get("seq") + " " + e.get("id") + " " + e.get("action") + " " + e.get("bsn") + " "
                    + e.get("version") + " " + e.get("sha384") + " " + e.get("time"));
        }
        Map<String, Object> rd = new LinkedHashMap<>();
        rd.put("measurements", d);
        rd.put(ModuleLog.MEMBER, Map.of("base", GENESIS, "entries", entries));
        return rd;
    }

    private static List<Map<String, Object>> twoBundles() {
        List<Map<String, Object>> l = new ArrayList<>();
        l.add(entry(0, 1, "INSTALLED", "a", A, 1000));
        l.add(entry(1, 1, "STARTED", "a", A, 1001));
        l.add(entry(2, 2, "INSTALLED", "b", B, 1002));
        l.add(entry(3, 2, "STARTED", "b", B, 1003));
        return l;
    }

    private static Appraisal appraise(String policy, Map<String, Object> rd) throws Exception {
        return Appraiser.appraise(PolicyParser.parse(policy.getBytes(StandardCharsets.UTF_8)),
                new VerifiedClaims("simulation", ReportData.of(new byte[0]), Map.of("insecure", true)), rd);
    }

    private static Finding finding(Appraisal a, String prefix) {
        return a.findings().stream().filter(f -> f.code().startsWith(prefix)).findFirst().orElseThrow();
    }

    /** The same vector as io.ccl.runtime.measure.EventChainTest#knownVector. */
    @Test
    void replayMatchesTheRuntimeChainRule() {
        List<Map<String, Object>> l = List.of(entry(0, 1, "INSTALLED", "a", A, 1000), entry(1, 1, "STARTED", "a", A, 1001));
        String expected = ModuleLog.chain(ModuleLog.chain(GENESIS, "0 1 INSTALLED a 1.0.0 " + A + " 1000"),
                "1 1 STARTED a 1.0.0 " + A + " 1001");
        assertEquals(expected, ModuleLog.replay(Map.of("base", GENESIS, "entries", l)).digest());
    }

    @Test
    void allActiveAllowedAffirms() throws Exception {
        Appraisal a = appraise(policy("\"" + A + "\", \"" + B.toUpperCase() + "\""), runtimeData(twoBundles()));
        assertEquals(EarStatus.AFFIRMING, finding(a, "modules.log").status());
        assertEquals(EarStatus.AFFIRMING, finding(a, "modules.active").status());
        assertEquals(EarStatus.AFFIRMING, a.status());
    }

    @Test
    void unknownActiveBundleContraindicates() throws Exception {
        Appraisal a = appraise(policy("\"" + A + "\""), runtimeData(twoBundles()));
        assertEquals(EarStatus.CONTRAINDICATED, finding(a, "modules.unknown").status());
        assertEquals(EarStatus.CONTRAINDICATED, a.status());
        assertEquals(96, a.trustVector().get(Ar4si.EXECUTABLES));
    }

    @Test
    void unknownBundleThatWasStoppedOrUninstalledIsNotActive() throws Exception {
        List<Map<String, Object>> l = twoBundles();
        l.add(entry(4, 2, "STOPPED", "b", B, 1004));
        assertEquals(EarStatus.AFFIRMING, appraise(policy("\"" + A + "\""), runtimeData(l)).status());
        l.add(entry(5, 2, "UNINSTALLED", "b", B, 1005));
        assertEquals(EarStatus.AFFIRMING, appraise(policy("\"" + A + "\""), runtimeData(l)).status());
    }

    @Test
    void tamperedLogIsAMeasurementMismatch() throws Exception {
        Map<String, Object> rd = runtimeData(twoBundles());
        List<Map<String, Object>> edited = twoBundles();
        edited.get(3).put("sha384", A);
        rd.put(ModuleLog.MEMBER, Map.of("base", GENESIS, "entries", edited));
        Finding f = finding(appraise(policy("\"" + A + "\""), rd), "modules.log");
        assertEquals(EarStatus.CONTRAINDICATED, f.status());
        assertTrue(f.message().startsWith("MEASUREMENT_MISMATCH"));
    }

    @Test
    void missingOrMalformedLogContraindicates() throws Exception {
        Map<String, Object> rd = runtimeData(twoBundles());
        rd.remove(ModuleLog.MEMBER);
        assertEquals(EarStatus.CONTRAINDICATED, finding(appraise(policy("\"" + A + "\""), rd), "modules.log").status());
        rd.put(ModuleLog.MEMBER, Map.of("base", "zz", "entries", List.of()));
        assertEquals(EarStatus.CONTRAINDICATED, finding(appraise(policy("\"" + A + "\""), rd), "modules.log").status());
        List<Map<String, Object>> bad = twoBundles();
        bad.get(0).put("action", "EXPLODED");
        assertEquals(EarStatus.CONTRAINDICATED,
                finding(appraise(policy("\"" + A + "\""), runtimeData(bad)), "modules.log").status());
    }

    @Test
    void emptyListAllowsNoBundle() throws Exception {
        assertEquals(EarStatus.CONTRAINDICATED, appraise(policy(""), runtimeData(twoBundles())).status());
    }

    @Test
    void noModulesSectionChecksNothing() throws Exception {
        Appraisal a = Appraiser.appraise(PolicyParser.parse("""
                {"id": "m", "tee": {"simulation": {"allow_insecure": true}}}
                """.getBytes(StandardCharsets.UTF_8)),
                new VerifiedClaims("simulation", ReportData.of(new byte[0]), Map.of("insecure", true)), Map.of());
        assertTrue(a.findings().stream().noneMatch(f -> f.code().startsWith("modules.")));
    }

    @Test
    void parserRefusesBadDigestsAndMembers() {
        assertThrows(InvalidPolicyException.class, () -> PolicyParser.parse(policy("\"abc\"").getBytes(StandardCharsets.UTF_8)));
        assertThrows(InvalidPolicyException.class, () -> PolicyParser.parse("""
                {"id": "m", "tee": {}, "modules": {"signers": []}}
                """.getBytes(StandardCharsets.UTF_8)));
        assertThrows(InvalidPolicyException.class, () -> PolicyParser.parse("""
                {"id": "m", "tee": {}, "modules": {}}
                """.getBytes(StandardCharsets.UTF_8)));
    }
}
