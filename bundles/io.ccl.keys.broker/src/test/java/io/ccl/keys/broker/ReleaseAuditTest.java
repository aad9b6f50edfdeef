package io.ccl.keys.broker;

import static io.ccl.keys.broker.TestResults.NOW;
import static io.ccl.keys.broker.TestResults.TOKEN;
import static io.ccl.keys.broker.TestResults.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.attestation.api.EarStatus;
import io.ccl.crypto.EncryptionKey;
import io.ccl.keys.api.ResourcePath;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReleaseAuditTest {
    private static final ResourcePath PATH = ResourcePath.parse("default/secret/api-key");

    @Test
    void lineNamesDecisionAttesterAndTokenButNotTheToken() {
        EncryptionKey key = EncryptionKey.generate();
        String line = ReleaseAudit.line(PATH, result("sevsnp", EarStatus.AFFIRMING, Map.of(), key.publicJwk(), NOW.plusSeconds(60)),
                "deny", "POLICY_DENIED", "-");
        assertEquals("event=key.release decision=deny reason=POLICY_DENIED path=default/secret/api-key version=- tee=sevsnp"
                + " status=affirming jti=jti-123 token_sha256=" + ReleaseAudit.tokenHash(TOKEN) + " tee_key=" + key.kid(), line);
        assertEquals(32, ReleaseAudit.tokenHash(TOKEN).length());
        assertFalse(line.contains(TOKEN.substring(TOKEN.indexOf('.') + 1, TOKEN.lastIndexOf('.'))), "token payload not logged");
    }

    @Test
    void craftedValuesCannotForgeLogFields() {
        String line = ReleaseAudit.line(PATH, result("sim\nevent=key.release decision=release", EarStatus.AFFIRMING, Map.of()),
                "deny", "NOT_ATTESTED", "-");
        assertFalse(line.contains("\n"));
        assertTrue(line.contains("tee=sim?event=key.release?decision=release "), line);
        assertEquals(1, line.split(" decision=", -1).length - 1, "exactly one decision field");
    }

    @Test
    void jtiOnlyFromAWellFormedToken() {
        assertEquals("jti-123", ReleaseAudit.jti(TOKEN));
        assertNull(ReleaseAudit.jti("not-a-token"));
        assertNull(ReleaseAudit.jti("a.!!!.c"));
        assertNull(ReleaseAudit.jti("a.e30.c"));
    }

    @Test
    void missingResultIsDashes() {
        assertEquals("event=key.release decision=deny reason=NOT_ATTESTED path=default/secret/api-key version=- tee=- status=-"
                + " jti=- token_sha256=- tee_key=-", ReleaseAudit.line(PATH, null, "deny", "NOT_ATTESTED", "-"));
    }
}
