package io.ccl.receipts.log.commit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.receipts.api.LogException;
import io.ccl.receipts.api.LogException.Reason;
import io.ccl.receipts.api.MerkleVerifier;
import io.ccl.receipts.log.tree.MerkleTree;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Group commit, made deterministic with a writer that holds its first write until the test has
 * queued more appends: everything queued meanwhile must go out in one write (one fsync).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GroupCommitterTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<Integer> groups = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch firstWriteStarted = new CountDownLatch(1);
    private final CountDownLatch releaseFirstWrite = new CountDownLatch(1);
    private final MerkleTree tree = new MerkleTree();
    private long next;

    /** Records group sizes; blocks in the first write until released. */
    private final GroupWriter holdingWriter = payloads -> {
        groups.add(payloads.size());
        if (groups.size() == 1) {
            firstWriteStarted.countDown();
            await(releaseFirstWrite);
        }
        long first = next;
        next += payloads.size();
        return first;
    };

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    static List<byte[]> payloads(int n, int tag) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(("{\"tag\":" + tag + ",\"i\":" + i + "}").getBytes());
        }
        return out;
    }

    static List<byte[]> hashes(List<byte[]> payloads) {
        return payloads.stream().map(MerkleVerifier::leafHash).toList();
    }

    private Future<Long> appendAsync(GroupCommitter c, int n, int tag) {
        return pool.submit(() -> {
            List<byte[]> p = payloads(n, tag);
            return c.append(p, hashes(p));
        });
    }

    private static void waitForQueued(GroupCommitter c, int entries) throws InterruptedException {
        while (c.queuedEntries() < entries) {
            Thread.sleep(1);
        }
    }

    @Test
    void appendersQueuedDuringOneWriteShareTheNext() throws Exception {
        try (GroupCommitter c = new GroupCommitter("test", holdingWriter, tree, () -> { }, Duration.ZERO, 1 << 20, 1000)) {
            Future<Long> first = appendAsync(c, 1, 0);
            firstWriteStarted.await();
            List<Future<Long>> waiting = new ArrayList<>();
            for (int t = 1; t <= 7; t++) {
                waiting.add(appendAsync(c, 1, t));
            }
            Future<Long> batch = appendAsync(c, 3, 8);
            waitForQueued(c, 10);
            releaseFirstWrite.countDown();
            assertEquals(0L, first.get());
            Set<Long> indices = new TreeSet<>();
            for (Future<Long> f : waiting) {
                assertTrue(indices.add(f.get()));
            }
            long b = batch.get();
            for (long i = b; i < b + 3; i++) {
                assertTrue(indices.add(i), "the batch's indices are its own");
            }
            assertEquals(List.of(1, 10), groups, "ten waiting entries, one write");
            assertEquals(11, tree.size(), "the tree holds exactly the durable entries");
            assertEquals(new TreeSet<>(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L)), indices);
        }
    }

    @Test
    void groupsAreBoundedButNeverSplitABatch() throws Exception {
        long payloadBytes = payloads(1, 0).get(0).length + 32L;
        try (GroupCommitter c = new GroupCommitter("test", holdingWriter, tree, () -> { }, Duration.ZERO,
                5 * payloadBytes, 1000)) {
            Future<Long> first = appendAsync(c, 1, 0);
            firstWriteStarted.await();
            Future<Long> a = appendAsync(c, 3, 1);
            waitForQueued(c, 3);
            Future<Long> b = appendAsync(c, 3, 2);
            waitForQueued(c, 6);
            Future<Long> big = appendAsync(c, 8, 3);
            waitForQueued(c, 14);
            releaseFirstWrite.countDown();
            first.get();
            a.get();
            b.get();
            big.get();
            assertEquals(List.of(1, 3, 3, 8), groups, "3+3 exceeds 5; a batch of 8 goes alone, whole");
        }
    }

    @Test
    void tooManyWaitingEntriesAreRefused() throws Exception {
        try (GroupCommitter c = new GroupCommitter("test", holdingWriter, tree, () -> { }, Duration.ZERO, 1 << 20, 4)) {
            Future<Long> first = appendAsync(c, 1, 0);
            firstWriteStarted.await();
            Future<Long> queued = appendAsync(c, 4, 1);
            waitForQueued(c, 4);
            List<byte[]> p = payloads(1, 2);
            assertEquals(Reason.OVERLOADED, assertThrows(LogException.class, () -> c.append(p, hashes(p))).reason());
            List<byte[]> five = payloads(5, 3);
            assertEquals(Reason.INVALID_ARGUMENT, assertThrows(LogException.class, () -> c.append(five, hashes(five))).reason(),
                    "a batch that can never fit is not 'retry later'");
            releaseFirstWrite.countDown();
            first.get();
            queued.get();
            assertEquals(5L, c.append(p, hashes(p)), "accepted again once the queue drained");
        }
    }

    @Test
    void aFailedWriteFailsEveryWaiterAndStopsTheLog() throws Exception {
        CountDownLatch failNow = new CountDownLatch(1);
        CountDownLatch writing = new CountDownLatch(1);
        GroupWriter failing = payloads -> {
            writing.countDown();
            await(failNow);
            throw new IOException("disk full");
        };
        try (GroupCommitter c = new GroupCommitter("test", failing, tree, () -> { }, Duration.ZERO, 1 << 20, 1000)) {
            Future<Long> first = appendAsync(c, 1, 0);
            writing.await();
            Future<Long> second = appendAsync(c, 2, 1);
            waitForQueued(c, 2);
            failNow.countDown();
            for (Future<Long> f : List.of(first, second)) {
                LogException e = (LogException) assertThrows(java.util.concurrent.ExecutionException.class, f::get).getCause();
                assertEquals(Reason.UNAVAILABLE, e.reason());
            }
            List<byte[]> p = payloads(1, 2);
            assertEquals(Reason.UNAVAILABLE, assertThrows(LogException.class, () -> c.append(p, hashes(p))).reason());
            assertEquals(0, tree.size(), "nothing unacknowledged entered the tree");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
