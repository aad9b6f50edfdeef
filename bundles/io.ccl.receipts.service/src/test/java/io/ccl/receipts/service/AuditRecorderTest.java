package io.ccl.receipts.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.audit.api.AuditEvent;
import io.ccl.receipts.api.LogEntry;
import io.ccl.receipts.log.FileTransparencyLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditRecorderTest {
    @TempDir
    Path dir;

    @Test
    void everyEventBecomesOneDurableEntryThatSurvivesReopening() throws Exception {
        AuditEvent event = new AuditEvent(Instant.parse("2026-11-21T10:00:00Z"), "token:ops via rest", "key.rotate",
                "data-wrap", AuditEvent.OK, Map.of("latest_version", "2"));
        LogEntry entry;
        try (FileTransparencyLog log = new FileTransparencyLog(dir, FileTransparencyLog.Settings.defaults(), Clock.systemUTC())) {
            AuditRecorder recorder = new AuditRecorder(log);
            entry = recorder.append(event);
            recorder.record(event);
            assertEquals(2, log.size());
        }
        try (FileTransparencyLog reopened = new FileTransparencyLog(dir, FileTransparencyLog.Settings.defaults(),
                Clock.systemUTC())) {
            LogEntry read = reopened.entry(entry.index());
            assertEquals(AuditRecorder.TYPE, read.type());
            String json = new String(read.content(), StandardCharsets.UTF_8);
            assertEquals("{\"action\":\"key.rotate\",\"actor\":\"token:ops via rest\",\"details\":{\"latest_version\":\"2\"},"
                    + "\"outcome\":\"ok\",\"target\":\"data-wrap\",\"time\":\"2026-11-21T10:00:00Z\"}", json,
                    "canonical (RFC 8785) JSON of the event");
        }
    }

    @Test
    void jarDigestsAreSha384OfFileLocations() throws Exception {
        Path jar = dir.resolve("b.jar");
        Files.write(jar, new byte[] {1, 2, 3});
        String digest = FrameworkAudit.sha384(jar.toUri().toString());
        assertEquals(96, digest.length());
        assertEquals(digest, FrameworkAudit.sha384("reference:" + jar.toUri()));
        assertEquals("-", FrameworkAudit.sha384("mvn:io.ccl/x/1"));
        assertTrue(FrameworkAudit.sha384(dir.resolve("missing.jar").toUri().toString()).equals("-"));
    }
}
