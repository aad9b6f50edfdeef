package io.ccl.keys.admin.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.keys.admin.TestPki;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CredentialsTest {
    private static final String TOKEN = "kJ3n0v4Qx9bY2mR7tW1zA6cE8fH5iL0pS3uV7yB2dG4";
    private static TestPki pki;
    private static X509Certificate ops;
    private static X509Certificate auditor;

    @BeforeAll
    static void pki() throws Exception {
        pki = new TestPki();
        ops = pki.issue("CN=ops,O=CCL", false).certificate();
        auditor = pki.issue("CN=Auditor,OU=Security,O=CCL", false).certificate();
    }

    private static String fingerprint(X509Certificate c) throws Exception {
        return HexFormat.of().formatHex(Credentials.sha256(c.getEncoded()));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void findsTheTokenOwnerAndRole() {
        String other = "a-different-token-of-enough-length-123456";
        Credentials c = Credentials.parse(new String[] {"alice:operator:sha256:" + Credentials.tokenHashHex(TOKEN),
            " bob@example.org:reader:sha256:" + Credentials.tokenHashHex(other).toUpperCase(Locale.ROOT) + " "},
                new String[0], new String[0], p -> {
                    throw new AssertionError(p);
                });
        assertEquals(Optional.of(new AdminPrincipal("token:alice", Role.OPERATOR)), c.byToken(ascii(TOKEN)));
        assertEquals(Optional.of(new AdminPrincipal("token:bob@example.org", Role.READER)), c.byToken(ascii(other)));
        assertEquals(Optional.empty(), c.byToken(ascii(TOKEN + "x")));
        assertEquals(Optional.empty(), c.byToken(ascii(Credentials.tokenHashHex(TOKEN))));
        assertEquals("token:alice", c.byToken(ascii(TOKEN)).orElseThrow().actor().principal());
        assertEquals("rest", c.byToken(ascii(TOKEN)).orElseThrow().actor().surface());
    }

    @Test
    void zeroesThePresentedToken() {
        byte[] presented = ascii(TOKEN);
        Credentials.none().byToken(presented);
        assertArrayEquals(new byte[presented.length], presented);
    }

    @Test
    void ignoresBadEntriesWithoutQuotingThem() {
        String pasted = "the-clear-token-someone-pasted-by-mistake";
        List<String> problems = new ArrayList<>();
        String hash = Credentials.tokenHashHex(TOKEN);
        Credentials c = Credentials.parse(new String[] {
            "alice:operator:" + pasted,
            pasted,
            "alice:admin:sha256:" + hash,
            "al ice:operator:sha256:" + hash,
            "alice:operator:sha1:" + hash,
            "alice:operator:sha256:" + hash.substring(2),
            "alice:operator:sha256:" + hash + ":extra",
            "alice:operator:sha256:" + hash,
            "again:reader:sha256:" + hash},
                new String[] {"operator", "root:CN=x", "reader:", "reader:not a DN ="},
                new String[] {"operator:sha256:" + pasted, "operator:md5:00", "operator"},
                problems::add);
        assertEquals(15, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("tokens[0] ignored"), problems.get(0));
        assertTrue(problems.get(7).contains("tokens[8]") && problems.get(7).contains("twice"), problems.get(7));
        for (String p : problems) {
            assertFalse(p.contains(pasted), p);
            assertFalse(p.contains(hash.substring(8, 30)), p);
        }
        assertEquals(Optional.of(new AdminPrincipal("token:alice", Role.OPERATOR)), c.byToken(ascii(TOKEN)));
        assertEquals("Credentials[1 token(s), 0 certificate fingerprint(s), 0 certificate subject(s)]", c.toString());
    }

    @Test
    void matchesCertificatesByFingerprintThenSubject() throws Exception {
        String colons = HexFormat.ofDelimiter(":").formatHex(Credentials.sha256(ops.getEncoded())).toUpperCase(Locale.ROOT);
        Credentials c = Credentials.parse(new String[0], new String[] {"reader: cn=auditor , ou=security,o=ccl",
            "reader:CN=ops,O=CCL"}, new String[] {"operator:sha256:" + colons}, p -> {
                throw new AssertionError(p);
            });
        assertEquals(Optional.of(new AdminPrincipal("cert:CN=ops,O=CCL", Role.OPERATOR)), c.byCertificate(ops));
        assertEquals(Optional.of(new AdminPrincipal("cert:CN=Auditor,OU=Security,O=CCL", Role.READER)),
                c.byCertificate(auditor));
        X509Certificate stranger = pki.issue("CN=Auditor,OU=Security,O=Elsewhere", false).certificate();
        assertEquals(Optional.empty(), c.byCertificate(stranger));
        assertTrue(Credentials.none().byCertificate(ops).isEmpty());
        Credentials byHex = Credentials.parse(new String[0], new String[0], new String[] {"reader:sha256:" + fingerprint(auditor)},
                p -> {
                    throw new AssertionError(p);
                });
        assertEquals(Role.READER, byHex.byCertificate(auditor).orElseThrow().role());
        assertTrue(byHex.byCertificate(ops).isEmpty());
    }

    @Test
    void namesCertificatesThatDoNotFitAnActorByFingerprint() throws Exception {
        X509Certificate unicode = pki.issue("CN=J\u00f6rg,O=CCL", false).certificate();
        X509Certificate longName = pki.issue("CN=" + "x".repeat(250) + ",O=CCL", false).certificate();
        Credentials c = Credentials.parse(new String[0], new String[0], new String[] {"reader:sha256:" + fingerprint(unicode),
            "reader:sha256:" + fingerprint(longName)}, p -> {
                throw new AssertionError(p);
            });
        assertEquals("cert:sha256:" + fingerprint(unicode), c.byCertificate(unicode).orElseThrow().principal());
        assertEquals("cert:sha256:" + fingerprint(longName), c.byCertificate(longName).orElseThrow().principal());
        c.byCertificate(unicode).orElseThrow().actor();
    }

    @Test
    void tokenFileCredentialsAreAdded() {
        Credentials c = Credentials.none().plusToken("token-file", Role.OPERATOR, Credentials.sha256(ascii(TOKEN)));
        assertFalse(c.isEmpty());
        assertTrue(Credentials.none().isEmpty());
        assertEquals(Role.OPERATOR, c.byToken(ascii(TOKEN)).orElseThrow().role());
    }

    @Test
    void rolesPermitByMethod() {
        assertTrue(Role.READER.permits("GET"));
        assertFalse(Role.READER.permits("POST"));
        assertFalse(Role.READER.permits("DELETE"));
        assertFalse(Role.READER.permits("HEAD"));
        assertTrue(Role.OPERATOR.permits("PUT"));
        assertEquals(Optional.empty(), Role.parse("Operator"));
        assertEquals(Optional.of(Role.READER), Role.parse("reader"));
    }
}
