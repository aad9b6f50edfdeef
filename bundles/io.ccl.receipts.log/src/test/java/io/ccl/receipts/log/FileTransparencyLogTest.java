package io.ccl.receipts.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.receipts.api.ConsistencyProof;
import io.ccl.receipts.api.LogEntry;
import io.ccl.receipts.api.LogException;
import io.ccl.receipts.api.LogException.Reason;
import io.ccl.receipts.api.MerkleVerifier;
import io.ccl.receipts.api.NewEntry;
import io.ccl.receipts.api.Receipt;
import io.ccl.receipts.api.ReceiptJson;
import io.ccl.receipts.api.ReceiptVerifier;
import io.ccl.receipts.api.SignedTreeHead;
import io.ccl.receipts.api.TreeHead;
import io.ccl.receipts.api.TreeHeadListener;
import io.ccl.receipts.api.TreeHeadSignature;
import io.ccl.receipts.api.TreeHeadSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTransparencyLogTest {
    static final FileTransparencyLog.Settings SETTINGS =
            new FileTransparencyLog.Settings(1 << 20, Duration.ZERO, 1 << 20, 10_000, Duration.ZERO, Duration.ZERO);

    @TempDir
    Path dir;

    static NewEntry entry(int n) {
        return NewEntry.of("audit", Map.of("action", "job.run", "n", n, "target", "job-" + n));
    }

    FileTransparencyLog open() throws LogException {
        return new FileTransparencyLog(dir, SETTINGS, Clock.systemUTC());
    }

    @Test
    void appendsAreReadBackAndTheTreeMatchesTheReference() throws Exception {
        List<byte[]> leaves = new ArrayList<>();
        try (FileTransparencyLog log = open()) {
            assertEquals(0, log.size());
            assertArrayEquals(MerkleVerifier.emptyRoot(), log.treeHead().rootHash());
            for (int i = 0; i < 40; i++) {
                LogEntry e = log.append(entry(i));
                assertEquals(i, e.index());
                leaves.add(e.leafData());
                assertEquals(e, log.entry(i));
            }
            List<LogEntry> batch = log.appendAll(List.of(entry(100), entry(101), entry(102)));
            assertEquals(List.of(40L, 41L, 42L), batch.stream().map(LogEntry::index).toList());
            batch.forEach(e -> leaves.add(e.leafData()));
            assertEquals(List.of(), log.appendAll(List.of()));
            RfcReference ref = new RfcReference(leaves);
            for (int n = 0; n <= 43; n++) {
                assertArrayEquals(ref.mth(0, n), log.rootHash(n));
            }
            assertEquals(43, log.treeHead().treeSize());
            assertEquals(Reason.NOT_FOUND, assertThrows(LogException.class, () -> log.entry(43)).reason());
            assertEquals(Reason.NOT_FOUND, assertThrows(LogException.class, () -> log.entry(-1)).reason());
            assertEquals(Reason.INVALID_ARGUMENT, assertThrows(LogException.class, () -> log.rootHash(44)).reason());
            assertEquals(Reason.INVALID_ARGUMENT, assertThrows(LogException.class, () -> log.inclusionProof(5, 5)).reason());
            assertEquals(Reason.INVALID_ARGUMENT, assertThrows(LogException.class, () -> log.consistencyProof(9, 8)).reason());
        }
    }

    @Test
    void reopeningGivesTheSameLog() throws Exception {
        String logId;
        byte[] root;
        try (FileTransparencyLog log = open()) {
            logId = log.logId();
            for (int i = 0; i < 25; i++) {
                log.append(entry(i));
            }
            root = log.treeHead().rootHash();
        }
        try (FileTransparencyLog log = open()) {
            assertEquals(logId, log.logId());
            assertEquals(25, log.size());
            assertArrayEquals(root, log.treeHead().rootHash());
            assertEquals(24, log.append(entry(24)).index() - 1);
            ConsistencyProof p = log.consistencyProof(25, 26);
            assertTrue(MerkleVerifier.verifyConsistency(25, 26, root, log.rootHash(26), p.path()));
        }
    }

    @Test
    void aSecondInstanceCannotOpenTheDirectory() throws Exception {
        try (FileTransparencyLog log = open()) {
            assertEquals(Reason.UNAVAILABLE, assertThrows(LogException.class, this::open).reason());
        }
        open().close();
    }

    @Test
    void segmentsRollOverAndStayReadable() throws Exception {
        String big = "x".repeat(100_000);
        List<LogEntry> written = new ArrayList<>();
        try (FileTransparencyLog log = open()) {
            for (int i = 0; i < 30; i++) {
                written.add(log.append(NewEntry.of("audit", Map.of("n", i, "blob", big))));
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.filter(p -> p.toString().endsWith(".seg")).count() >= 3, "1 MiB segments, 3 MB written");
        }
        try (FileTransparencyLog log = open()) {
            for (LogEntry e : written) {
                assertEquals(e, log.entry(e.index()));
            }
        }
    }

    @Test
    void concurrentAppendersGetDistinctConsecutiveIndices() throws Exception {
        try (FileTransparencyLog log = open()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<Long> indices = new ArrayList<>();
                    for (int i = 0; i < 30; i++) {
                        if (i % 5 == 0) {
                            log.appendAll(List.of(entry(thread * 1000 + i), entry(thread * 1000 + i + 500)))
                                    .forEach(e -> indices.add(e.index()));
                        } else {
                            indices.add(log.append(entry(thread * 1000 + i)).index());
                        }
                    }
                    return indices;
                }));
            }
            Set<Long> all = new TreeSet<>();
            for (Future<List<Long>> f : results) {
                List<Long> mine = f.get();
                for (int i = 1; i < mine.size(); i++) {
                    assertTrue(mine.get(i) > mine.get(i - 1), "one appender's entries are in its order");
                }
                all.addAll(mine);
            }
            pool.shutdown();
            assertEquals(8 * 36, all.size());
            assertEquals(8 * 36 - 1, Collections.max(all));
            assertEquals(8 * 36, log.size());
        }
    }

    @Test
    void receiptsVerifyOfflineAndByEntryId() throws Exception {
        TestSigner signer = new TestSigner();
        try (FileTransparencyLog log = open()) {
            assertEquals(Reason.NOT_SIGNED, assertThrows(LogException.class, log::signTreeHead).reason());
            log.setSigner(signer);
            List<LogEntry> entries = new ArrayList<>();
            for (int i = 0; i < 21; i++) {
                entries.add(log.append(entry(i)));
            }
            for (LogEntry e : entries) {
                Receipt r = log.receipt(e.index());
                assertTrue(r.treeHead().treeSize() > e.index());
                ReceiptVerifier.verify(r, signer.publicKey(), log.logId());
                ReceiptVerifier.verify(ReceiptJson.readReceipt(ReceiptJson.write(r)), signer.publicKey(), log.logId());
                assertEquals("ear-vouching-for-" + signer.keyId(), r.ear());
                Receipt byId = log.receipt(e.id()).orElseThrow();
                assertEquals(e, byId.entry());
                assertEquals(OptionalLong.of(e.index()), log.indexOf(e.leafHash()));
            }
            assertEquals(Optional.empty(), log.receipt("00".repeat(32)));
            assertEquals(Reason.INVALID_ARGUMENT, assertThrows(LogException.class, () -> log.receipt("nope")).reason());
            // A receipt for an entry newer than the latest signed head makes a fresh head.
            LogEntry last = log.append(entry(99));
            ReceiptVerifier.verify(log.receipt(last.index()), signer.publicKey(), log.logId());
        }
    }

    @Test
    void treeHeadsArePublishedAfterCommitsInOrder() throws Exception {
        TestSigner signer = new TestSigner();
        List<SignedTreeHead> heard = new CopyOnWriteArrayList<>();
        TreeHeadListener listener = heard::add;
        try (FileTransparencyLog log = open()) {
            log.addListener(listener);
            log.addListener(h -> {
                throw new IllegalStateException("a broken listener does not stop the others");
            });
            log.setSigner(signer);
            for (int i = 0; i < 10; i++) {
                log.append(entry(i));
            }
            SignedTreeHead now = log.signTreeHead();
            assertEquals(10, now.treeSize());
            assertEquals(now, heard.get(heard.size() - 1));
            assertEquals(Optional.of(now), log.latestSignedTreeHead());
            for (int i = 1; i < heard.size(); i++) {
                TreeHead a = heard.get(i - 1).treeHead();
                TreeHead b = heard.get(i).treeHead();
                assertTrue(b.treeSize() >= a.treeSize());
                assertFalse(b.timestamp().isBefore(a.timestamp()));
                ReceiptVerifier.verifyConsistency(a, b, log.consistencyProof(a.treeSize(), b.treeSize()));
                ReceiptVerifier.verifySignature(heard.get(i), signer.publicKey());
            }
            log.removeListener(listener);
            log.unsetSigner(signer);
            assertEquals(Reason.NOT_SIGNED, assertThrows(LogException.class, log::signTreeHead).reason());
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void headsFollowTheSignerAndCommitsWithoutBeingAskedFor() throws Exception {
        TestSigner signer = new TestSigner();
        List<SignedTreeHead> heard = new CopyOnWriteArrayList<>();
        try (FileTransparencyLog log = open()) {
            log.addListener(heard::add);
            log.append(entry(0));
            log.setSigner(signer);
            while (heard.isEmpty()) {
                Thread.sleep(2);
            }
            assertEquals(1, heard.get(0).treeSize(), "a signer appearing gets the current head signed");
            log.appendAll(List.of(entry(1), entry(2)));
            while (heard.get(heard.size() - 1).treeSize() < 3) {
                Thread.sleep(2);
            }
            ReceiptVerifier.verifySignature(heard.get(heard.size() - 1), signer.publicKey());
        }
    }

    @Test
    void theComponentOpensFromItsConfiguration() throws Exception {
        Map<String, Object> values = Map.of("directory", dir.resolve("from-config").toString());
        FileTransparencyLog.Config config = (FileTransparencyLog.Config) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {FileTransparencyLog.Config.class},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue()));
        try (FileTransparencyLog log = new FileTransparencyLog(config)) {
            assertEquals(0, log.append(entry(0)).index());
        }
        assertTrue(Files.exists(dir.resolve("from-config").resolve(String.format("%020d.seg", 0))));
    }

    @Test
    void signerFailuresAreTyped() throws Exception {
        try (FileTransparencyLog log = open()) {
            log.append(entry(1));
            log.setSigner(new TreeHeadSigner() {
                @Override
                public String keyId() {
                    return "k1";
                }

                @Override
                public TreeHeadSignature sign(byte[] message) {
                    throw new IllegalStateException("lockdown");
                }
            });
            assertEquals(Reason.NOT_SIGNED, assertThrows(LogException.class, log::signTreeHead).reason());
            assertEquals(Reason.NOT_SIGNED, assertThrows(LogException.class, () -> log.receipt(0)).reason());
            TestSigner real = new TestSigner();
            log.setSigner(new TreeHeadSigner() {
                @Override
                public String keyId() {
                    return "k-announced";
                }

                @Override
                public TreeHeadSignature sign(byte[] message) {
                    return real.sign(message);
                }
            });
            assertEquals(Reason.NOT_SIGNED, assertThrows(LogException.class, log::signTreeHead).reason(),
                    "a signature under another key id than announced is discarded");
        }
    }

    @Test
    void closedLogRefusesAppends() throws Exception {
        FileTransparencyLog log = open();
        log.append(entry(1));
        log.close();
        assertEquals(Reason.UNAVAILABLE, assertThrows(LogException.class, () -> log.append(entry(2))).reason());
    }

    @Test
    void oversizedBatchesAreRefused() throws Exception {
        try (FileTransparencyLog log = open()) {
            NewEntry big = NewEntry.of("audit", Map.of("blob", "y".repeat(1_000_000)));
            List<NewEntry> batch = Collections.nCopies(70, big);
            assertEquals(Reason.INVALID_ARGUMENT, assertThrows(LogException.class, () -> log.appendAll(batch)).reason());
            assertEquals(0, log.size());
        }
    }

    @Test
    void tamperedEntryFileIsDetectedOnRead() throws Exception {
        try (FileTransparencyLog log = open()) {
            for (int i = 0; i < 5; i++) {
                log.append(entry(i));
            }
            Path segment = dir.resolve(String.format("%020d.seg", 0));
            byte[] bytes = Files.readAllBytes(segment);
            int at = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("job-3");
            bytes[at + 4] = '4';
            Files.write(segment, bytes);
            assertEquals(Reason.CORRUPT, assertThrows(LogException.class, () -> log.entry(3)).reason());
            assertNotEquals(null, log.entry(2));
        }
    }
}
