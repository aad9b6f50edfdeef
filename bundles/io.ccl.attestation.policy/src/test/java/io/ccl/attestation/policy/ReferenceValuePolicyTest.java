package io.ccl.attestation.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.attestation.api.Appraisal;
import io.ccl.attestation.api.EarStatus;
import io.ccl.attestation.api.VerifiedClaims;
import io.ccl.tee.api.ReportData;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceValuePolicyTest {
    private static final String V1 = "{\"id\": \"v1\", \"tee\": {\"tdx\": {\"reference\": {\"mr_td\": [\"aa\"]}}}}";
    private static final String V2 = "{\"id\": \"v2\", \"tee\": {\"tdx\": {\"reference\": {\"mr_td\": [\"bb\"]}}}}";
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);

    @Test
    void appraisesWithTheLoadedFile() throws IOException {
        ReferenceValuePolicy policy = new ReferenceValuePolicy(write("p.json", V1, T0), clock);
        assertTrue(policy.id().startsWith("v1@sha256:"), policy.id());
        assertEquals(EarStatus.AFFIRMING, appraise(policy, "aa").status());
        assertEquals(EarStatus.CONTRAINDICATED, appraise(policy, "bb").status());
        assertEquals("v1", policy.describe().get("id"));
    }

    @Test
    void missingFileDeniesEverything() {
        ReferenceValuePolicy policy = new ReferenceValuePolicy(dir.resolve("absent.json"), clock);
        Appraisal a = appraise(policy, "aa");
        assertEquals(EarStatus.NONE, a.status());
        assertEquals("policy.invalid", a.findings().get(0).code());
        assertEquals(ReferenceValuePolicy.INVALID_ID, policy.id());
        assertEquals("file not found", policy.describe().get("last_error"));
    }

    @Test
    void invalidFileWithNoPreviousPolicyDeniesEverything() throws IOException {
        ReferenceValuePolicy policy = new ReferenceValuePolicy(write("p.json", "{\"id\": \"x\"}", T0), clock);
        assertEquals("policy.invalid", appraise(policy, "aa").findings().get(0).code());
        assertEquals(EarStatus.NONE, appraise(policy, "aa").status());
    }

    @Test
    void invalidReplacementKeepsThePreviousPolicy() throws IOException {
        Path file = write("p.json", V1, T0);
        ReferenceValuePolicy policy = new ReferenceValuePolicy(file, clock);
        write("p.json", "{\"id\": \"v2\", \"tee\": {\"tdx\": {\"refrence\": {}}}}", T0.plusSeconds(5));
        clock.advance(Duration.ofSeconds(2));
        assertEquals(EarStatus.AFFIRMING, appraise(policy, "aa").status());
        assertTrue(policy.id().startsWith("v1@"), policy.id());
        assertTrue(String.valueOf(policy.describe().get("last_error")).contains("refrence"));
    }

    @Test
    void reloadsWhenTheFileChangesCheckingAtMostOncePerSecond() throws IOException {
        Path file = write("p.json", V1, T0);
        ReferenceValuePolicy policy = new ReferenceValuePolicy(file, clock);
        write("p.json", V2, T0.plusSeconds(5));
        clock.advance(Duration.ofMillis(500));
        assertEquals(EarStatus.AFFIRMING, appraise(policy, "aa").status(), "checked again within the second");
        clock.advance(Duration.ofMillis(600));
        assertEquals(EarStatus.CONTRAINDICATED, appraise(policy, "aa").status());
        assertEquals(EarStatus.AFFIRMING, appraise(policy, "bb").status());
        assertTrue(policy.id().startsWith("v2@"), policy.id());
    }

    @Test
    void aNewReloadTokenForcesAReload() throws IOException {
        Path file = write("p.json", V1, T0);
        ReferenceValuePolicy policy = new ReferenceValuePolicy(file, clock);
        // Same size and modification time, clock not advanced: only the configuration update reloads it.
        write("p.json", V2, T0);
        assertTrue(policy.id().startsWith("v1@"));
        policy.modified(config(file.toString(), "2"));
        assertTrue(policy.id().startsWith("v2@"), policy.id());
        assertEquals(EarStatus.AFFIRMING, appraise(policy, "bb").status());
    }

    @Test
    void aNewFilePathTakesEffect() throws IOException {
        Path file = write("p.json", V1, T0);
        ReferenceValuePolicy policy = new ReferenceValuePolicy(file, clock);
        Path other = write("q.json", V2, T0);
        policy.modified(config(other.toString(), ""));
        assertTrue(policy.id().startsWith("v2@"));
        assertEquals(other.toString(), policy.describe().get("file"));
    }

    private Path write(String name, String content, Instant modified) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(p, FileTime.from(modified));
        return p;
    }

    private static Appraisal appraise(ReferenceValuePolicy policy, String mrTd) {
        return policy.appraise(new VerifiedClaims("tdx", ReportData.of(new byte[0]), Map.of("mr_td", mrTd)), Map.of());
    }

    private static ReferenceValuePolicy.Config config(String file, String token) {
        return (ReferenceValuePolicy.Config) Proxy.newProxyInstance(ReferenceValuePolicyTest.class.getClassLoader(),
                new Class<?>[] {ReferenceValuePolicy.Config.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "file" -> file;
                    case "reload_token" -> token;
                    case "annotationType" -> ReferenceValuePolicy.Config.class;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
