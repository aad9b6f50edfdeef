package io.ccl.receipts.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogEntryTest {
    private static final Instant T = Instant.ofEpochMilli(1_763_683_200_123L);

    @Test
    void leafDataIsTheDocumentedCanonicalJson() {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("z", 1);
        content.put("action", "key.rotate");
        content.put("details", Map.of("version", 2, "name", "ü\n"));
        LogEntry entry = LogEntry.of(7, T, NewEntry.of("audit", content));
        String expected = "{\"content\":{\"action\":\"key.rotate\",\"details\":{\"name\":\"ü\\n\",\"version\":2},\"z\":1},"
                + "\"time\":1763683200123,\"type\":\"audit\"}";
        assertEquals(expected, new String(entry.leafData(), StandardCharsets.UTF_8));
        assertArrayEquals(MerkleVerifier.leafHash(expected.getBytes(StandardCharsets.UTF_8)), entry.leafHash());
        assertEquals(64, entry.id().length());
        assertEquals(entry, LogEntry.fromLeafData(7, entry.leafData()));
    }

    @Test
    void contentIsCanonicalizedAndMustBeAnObject() {
        NewEntry e = new NewEntry("audit", " { \"b\" : 1.0, \"a\" : [true, null] } ".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"a\":[true,null],\"b\":1}", new String(e.content(), StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> new NewEntry("audit", "[1]".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> new NewEntry("audit", "{\"a\":".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> new NewEntry("audit", "{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> new NewEntry("audit", "{} {}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> new NewEntry("audit", new byte[NewEntry.MAX_CONTENT_BYTES + 1]));
    }

    @Test
    void typesAreRestricted() {
        for (String bad : List.of("", "Audit", "1audit", "a b", "a/b", "x".repeat(65))) {
            assertThrows(IllegalArgumentException.class, () -> NewEntry.of(bad, Map.of()), bad);
        }
        NewEntry.of("key.release_v2-x", Map.of());
    }

    @Test
    void nonCanonicalOrIncompleteLeafDataIsRefused() {
        LogEntry entry = LogEntry.of(0, T, NewEntry.of("audit", Map.of("a", 1)));
        String canonical = new String(entry.leafData(), StandardCharsets.UTF_8);
        for (String bad : List.of(
                canonical.replace("{\"content\"", "{ \"content\""),
                canonical.replace("\"type\":\"audit\"", "\"type\":\"audit\",\"x\":1"),
                canonical.replace(",\"type\":\"audit\"", ""),
                canonical.replace("1763683200123", "1763683200123.5"),
                canonical.replace("\"content\":{\"a\":1}", "\"content\":[1]"),
                "{\"time\":1,\"type\":\"audit\",\"content\":{}}")) {
            assertThrows(IllegalArgumentException.class, () -> LogEntry.fromLeafData(0, bad.getBytes(StandardCharsets.UTF_8)), bad);
        }
    }

    @Test
    void entryIdsRoundTrip() {
        LogEntry entry = LogEntry.of(0, T, NewEntry.of("audit", Map.of("a", 1)));
        assertArrayEquals(entry.leafHash(), LogEntry.parseEntryId(entry.id()));
        assertThrows(IllegalArgumentException.class, () -> LogEntry.parseEntryId("abc"));
        assertThrows(IllegalArgumentException.class, () -> LogEntry.parseEntryId("zz".repeat(32)));
    }
}
