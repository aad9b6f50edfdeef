package io.ccl.runtime.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.runtime.api.measure.BundleEvent;
import io.ccl.runtime.api.measure.BundleEvent.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventChainTest {
    private static final Instant T = Instant.parse("2026-11-21T12:00:00.123Z");
    private static final String A = "aa".repeat(48);
    private static final String B = "bb".repeat(48);

    @Test
    void eachEntryExtendsThePreviousDigest() {
        EventChain c = new EventChain(100);
        assertEquals(EventChain.GENESIS, c.digest());
        c.append(5, Action.INSTALLED, "x", "1.0.0", A, T);
        String first = c.digest();
        assertEquals(EventChain.chain(EventChain.GENESIS, "0 5 INSTALLED x 1.0.0 " + A + " " + T.toEpochMilli()), first);
        c.append(5, Action.STARTED, "x", "1.0.0", A, T);
        assertEquals(EventChain.chain(first, "1 5 STARTED x 1.0.0 " + A + " " + T.toEpochMilli()), c.digest());
        assertEquals(c.digest(), c.entries().get(1).digest());
    }

    /** Cross-check vector shared with the verifier's replay test in io.ccl.attestation.policy. */
    @Test
    void knownVector() {
        EventChain c = new EventChain(100);
        c.append(1, Action.INSTALLED, "a", "1.0.0", A, Instant.ofEpochMilli(1000));
        c.append(1, Action.STARTED, "a", "1.0.0", A, Instant.ofEpochMilli(1001));
        assertEquals(EventChain.chain(EventChain.chain(EventChain.GENESIS, "0 1 INSTALLED a 1.0.0 " + A + " 1000"),
                "1 1 STARTED a 1.0.0 " + A + " 1001"), c.digest());
    }

    @Test
    void duplicatesDoNotGrowTheLog() {
        EventChain c = new EventChain(100);
        c.append(5, Action.INSTALLED, "x", "1.0.0", A, T);
        c.append(5, Action.STARTED, "x", "1.0.0", A, T);
        assertTrue(c.append(5, Action.STARTED, "x", "1.0.0", A, T).isEmpty());
        assertEquals(2, c.entries().size());
    }

    @Test
    void updateReplacesTheDigestAndUninstallRemoves() {
        EventChain c = new EventChain(100);
        c.append(5, Action.INSTALLED, "x", "1.0.0", A, T);
        c.append(5, Action.STARTED, "x", "1.0.0", A, T);
        c.append(5, Action.UPDATED, "x", "1.1.0", B, T);
        assertEquals(List.of(new EventChain.Module(5, "x", "1.1.0", B, false)), c.modules());
        c.append(5, Action.UNINSTALLED, "x", "1.1.0", B, T);
        assertTrue(c.modules().isEmpty());
    }

    @Test
    void compactionRestatesTheCurrentSetFromTheOldDigest() {
        EventChain c = new EventChain(4);
        c.append(1, Action.INSTALLED, "a", "1", A, T);
        c.append(1, Action.STARTED, "a", "1", A, T);
        c.append(2, Action.INSTALLED, "b", "1", B, T);
        c.append(2, Action.UNINSTALLED, "b", "1", B, T);
        String before = c.digest();
        c.append(3, Action.INSTALLED, "c", "1", B, T);
        assertEquals(before.length(), c.base().length());
        assertNotEquals(EventChain.GENESIS, c.base());
        List<BundleEvent> e = c.entries();
        assertEquals(List.of(Action.INSTALLED, Action.STARTED, Action.INSTALLED), e.stream().map(BundleEvent::action).toList());
        String replay = c.base();
        for (BundleEvent x : e) {
            replay = EventChain.chain(replay, x.canonical());
        }
        assertEquals(c.digest(), replay);
    }

    @Test
    void runtimeDataCarriesDigestAndLog() {
        EventChain c = new EventChain(100);
        c.append(1, Action.INSTALLED, "a", "1.0.0", A, T);
        Map<String, Object> rd = c.runtimeData();
        assertEquals(c.digest(), rd.get("measurements"));
        @SuppressWarnings("unchecked")
        Map<String, Object> log = (Map<String, Object>) rd.get("ccl-bundle-log");
        assertEquals(EventChain.GENESIS, log.get("base"));
        assertEquals(1, ((List<?>) log.get("entries")).size());
    }

    @Test
    void recorderWritesTheAuditFileAndNotifiesOnChangeOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m/bundle-events.log");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "old boot\n");
        AtomicInteger changes = new AtomicInteger();
        EventChain c = new EventChain(100);
        try (BundleEventRecorder r = new BundleEventRecorder(c, new JarDigests(), Clock.fixed(T, ZoneOffset.UTC),
                MeasurementRegister.NONE, file, changes::incrementAndGet)) {
            r.record(1, Action.INSTALLED, "a", "1.0.0", A, true);
            r.record(1, Action.INSTALLED, "a", "1.0.0", A, true);
            r.record(1, Action.STARTED, "a", "1.0.0", A, false);
        }
        assertEquals(1, changes.get());
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        assertTrue(lines.get(2).endsWith(" " + c.digest()));
        assertEquals("old boot", Files.readString(dir.resolve("m/bundle-events.log.previous")).strip());
    }

    @Test
    void unreadableJarIsMarked() {
        assertEquals(JarDigests.UNREADABLE, new JarDigests().digest("file:/nonexistent/x.jar", 0));
    }
}
