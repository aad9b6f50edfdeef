package io.ccl.agents.engine.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.agents.api.EgressDeniedException.Reason;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EgressPolicyTest {
    private static final EgressPolicy POLICY = EgressPolicy.parse(new String[] {"api.hume.ai", "*.example.com:8443",
        "http://127.0.0.1:9000", "10.0.0.1:*", "[::1]:7000", "Upper.Example.ORG."}, p -> {
            throw new AssertionError(p);
        });

    private static Optional<Reason> check(String uri) {
        return POLICY.check(URI.create(uri));
    }

    @Test
    void allowsExactlyTheListedDestinations() {
        for (String ok : new String[] {"https://api.hume.ai/v0/batch/jobs", "https://API.HUME.AI/x",
            "https://api.hume.ai:443/", "https://api.hume.ai./v0", "https://a.example.com:8443/",
            "https://a.b.example.com:8443/", "http://127.0.0.1:9000/x?q=1", "https://10.0.0.1:1/",
            "https://10.0.0.1:65535/", "https://[::1]:7000/", "https://upper.example.org/"}) {
            assertEquals(Optional.empty(), check(ok), ok);
        }
    }

    @Test
    void refusesEverythingElseWithATypedReason() {
        Object[][] cases = {
            {"https://evil.example/", Reason.HOST_NOT_ALLOWED},
            {"https://api.hume.ai.evil.example/", Reason.HOST_NOT_ALLOWED},
            {"https://hume.ai/", Reason.HOST_NOT_ALLOWED},
            {"https://xapi.hume.ai/", Reason.HOST_NOT_ALLOWED},
            {"https://api.hume.ai:8443/", Reason.HOST_NOT_ALLOWED},
            {"http://api.hume.ai:443/", Reason.SCHEME_NOT_ALLOWED},
            {"https://example.com:8443/", Reason.HOST_NOT_ALLOWED},
            {"https://a.example.com/", Reason.HOST_NOT_ALLOWED},
            {"https://127.0.0.1:9000/", Reason.SCHEME_NOT_ALLOWED},
            {"http://127.0.0.1:9001/", Reason.HOST_NOT_ALLOWED},
            {"http://localhost:9000/", Reason.HOST_NOT_ALLOWED},
            {"http://2130706433:9000/", Reason.HOST_NOT_ALLOWED},
            {"http://127.1:9000/", Reason.INVALID_DESTINATION},
            {"http://0x7f.0.0.1:9000/", Reason.INVALID_DESTINATION},
            {"https://[::2]:7000/", Reason.HOST_NOT_ALLOWED},
            {"https://user:pw@api.hume.ai/", Reason.INVALID_DESTINATION},
            {"ftp://api.hume.ai/", Reason.INVALID_DESTINATION},
            {"file:///etc/passwd", Reason.INVALID_DESTINATION},
            {"/relative/path", Reason.INVALID_DESTINATION},
            {"mailto:x@api.hume.ai", Reason.INVALID_DESTINATION},
            {"https://under_score.hume.ai/", Reason.INVALID_DESTINATION},
        };
        for (Object[] c : cases) {
            assertEquals(Optional.of(c[1]), check((String) c[0]), (String) c[0]);
        }
    }

    @Test
    void invalidEntriesGrantNothingAndAreReportedWithoutTheirText() {
        List<String> problems = new ArrayList<>();
        EgressPolicy p = EgressPolicy.parse(new String[] {"https://ok.example", "ftp://x.example", "a.example/path",
            "u@a.example", "*.com", "*", "a.example:0", "a.example:70000", "[::1", "bad_host.example", "1.2.3.4.5",
            null, ""}, problems::add);
        assertEquals(List.of("https://ok.example:443"), p.describe());
        assertEquals(12, problems.size());
        assertTrue(problems.stream().allMatch(s -> s.startsWith("egress.allow[")), problems.toString());
        assertTrue(problems.stream().noneMatch(s -> s.contains("x.example") || s.contains("bad_host")));
        assertEquals(Optional.of(Reason.HOST_NOT_ALLOWED), EgressPolicy.none().check(URI.create("https://a.example/")));
    }

    @Test
    void destinationsNameSchemeHostAndPortOnly() {
        assertEquals("https://api.hume.ai:443", EgressPolicy.destination(URI.create("https://user:pw@API.hume.ai/v0?key=s")));
        assertEquals("http://127.0.0.1:8080", EgressPolicy.destination(URI.create("http://127.0.0.1:8080/a")));
    }
}
