package io.ccl.attestation.policy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.attestation.api.EarStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyParserTest {

    @Test
    void parsesEveryRuleKind() throws Exception {
        PolicyDocument doc = parse("""
                {"id": "p1", "description": "example",
                 "tee": {"sevsnp": {"allow_insecure": false, "require": ["chip_id"],
                                    "reference": {"measurement": ["aa", 5, true]},
                                    "forbid": {"debug": true, "policy.smt": [true]},
                                    "minimum": {"reported_tcb.snp": 8},
                                    "accept_tcb_status": {"UpToDate": "affirming", "OutOfDate": "contraindicated"},
                                    "warn_if": {"tcb_status": "SWHardeningNeeded"}}},
                 "runtime": {"measurements": ["ab"]}}
                """);
        TeeRules r = doc.tees().get("sevsnp");
        assertEquals("p1", doc.name());
        assertEquals(List.of("chip_id"), r.require());
        assertEquals(List.of("aa", 5L, true), r.reference().get("measurement"));
        assertEquals(List.of(true), r.forbid().get("debug"));
        assertEquals(List.of(true), r.forbid().get("policy.smt"));
        assertEquals(8L, r.minimum().get("reported_tcb.snp"));
        assertEquals(EarStatus.CONTRAINDICATED, r.acceptTcbStatus().get("OutOfDate"));
        assertEquals(List.of("SWHardeningNeeded"), r.warnIf().get("tcb_status"));
        assertEquals(List.of("ab"), doc.runtimeMeasurements());
        assertEquals(64, doc.digest().length());
        Map<String, Object> described = doc.describe();
        assertEquals("p1", described.get("id"));
        assertTrue(described.get("tee").toString().contains("reported_tcb.snp=8"));
    }

    @Test
    void absentRulesAreEmptyAndAbsentRuntimeIsUnpinned() throws Exception {
        PolicyDocument doc = parse("{\"id\": \"p\", \"tee\": {\"tdx\": {}}}");
        TeeRules r = doc.tees().get("tdx");
        assertTrue(r.reference().isEmpty() && r.forbid().isEmpty() && r.minimum().isEmpty() && r.warnIf().isEmpty());
        assertNull(r.acceptTcbStatus());
        assertNull(doc.runtimeMeasurements());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON                    | {"id": "p", "tee": {}
            not an object               | []
            trailing tokens             | {"id": "p", "tee": {}} {}
            duplicate member            | {"id": "p", "id": "q", "tee": {}}
            unknown top-level member    | {"id": "p", "tee": {}, "tees": {}}
            misspelt rule               | {"id": "p", "tee": {"tdx": {"forbidd": {"debug": true}}}}
            missing id                  | {"tee": {}}
            blank id                    | {"id": " ", "tee": {}}
            id with spaces              | {"id": "a b", "tee": {}}
            missing tee                 | {"id": "p"}
            tee not an object           | {"id": "p", "tee": []}
            bad TEE name                | {"id": "p", "tee": {"SEV SNP": {}}}
            allow_insecure not boolean  | {"id": "p", "tee": {"tdx": {"allow_insecure": "yes"}}}
            reference not a list        | {"id": "p", "tee": {"tdx": {"reference": {"mr_td": "aa"}}}}
            reference with object       | {"id": "p", "tee": {"tdx": {"reference": {"mr_td": [{}]}}}}
            reference with null         | {"id": "p", "tee": {"tdx": {"reference": {"mr_td": [null]}}}}
            reference with fraction     | {"id": "p", "tee": {"tdx": {"reference": {"mr_td": [1.5]}}}}
            bad claim path              | {"id": "p", "tee": {"tdx": {"forbid": {"a..b": true}}}}
            minimum not integer         | {"id": "p", "tee": {"tdx": {"minimum": {"svn": "8"}}}}
            minimum too large           | {"id": "p", "tee": {"tdx": {"minimum": {"svn": 99999999999999999999}}}}
            unknown tier                | {"id": "p", "tee": {"tdx": {"accept_tcb_status": {"UpToDate": "ok"}}}}
            tier none                   | {"id": "p", "tee": {"tdx": {"accept_tcb_status": {"UpToDate": "none"}}}}
            require not a list          | {"id": "p", "tee": {"tdx": {"require": "mr_td"}}}
            runtime unknown member      | {"id": "p", "tee": {}, "runtime": {"measurement": []}}
            runtime measurements number | {"id": "p", "tee": {}, "runtime": {"measurements": [1]}}
            """)
    void rejectsInvalidPolicies(String name, String json) {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> parse(json), name);
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }

    @Test
    void rejectsOversizedFiles() {
        assertThrows(InvalidPolicyException.class, () -> PolicyParser.parse(new byte[PolicyParser.MAX_BYTES + 1]));
    }

    @Test
    void errorsNameTheOffendingMember() {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class,
                () -> parse("{\"id\": \"p\", \"tee\": {\"tdx\": {\"minimum\": {\"svn\": \"8\"}}}}"));
        assertTrue(e.getMessage().contains("tee.tdx.minimum.svn"), e.getMessage());
    }

    private static PolicyDocument parse(String json) throws InvalidPolicyException {
        return PolicyParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
