package io.ccl.receipts.log.commit;

import io.ccl.receipts.api.LogException;
import io.ccl.receipts.api.LogException.Reason;
import io.ccl.receipts.log.tree.MerkleTree;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable group commit. Appenders queue their entries and wait; one writer thread takes everything
 * queued (up to {@code maxGroupBytes}, never splitting an appender's batch), writes it as one
 * commit group, {@code fsync}s once, adds the leaf hashes to the tree and only then releases the
 * appenders with their indices. While one {@code fsync} runs, the next group gathers, so N
 * concurrent appenders share about one {@code fsync} instead of paying N.
 *
 * <p>An I/O failure is final: the writer fails the group and everything queued, and refuses further
 * appends, because after a failed {@code fsync} the state of the file is unknown until the log is
 * reopened and recovered.
 */
public final class GroupCommitter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

    private final String logId;
    private final GroupWriter store;
    private final MerkleTree tree;
    private final Runnable afterCommit;
    private final long commitDelayNanos;
    private final long maxGroupBytes;
    private final int maxPendingEntries;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private long queuedBytes;
    private int queuedEntries;
    private boolean closing;
    private Throwable failure;
    private final Thread writer;

    /** One appender's batch. */
    private record Pending(List<byte[]> payloads, List<byte[]> leafHashes, long bytes, CompletableFuture<Long> done) {
    }

    /**
     * @param afterCommit runs on the writer thread after each group is durable and in the tree
     * @param commitDelay how long the writer waits for more appends before it writes a group; zero
     *     writes as soon as the previous {@code fsync} returned
     */
    public GroupCommitter(String logId, GroupWriter store, MerkleTree tree, Runnable afterCommit, Duration commitDelay,
            long maxGroupBytes, int maxPendingEntries) {
        this.logId = logId;
        this.store = store;
        this.tree = tree;
        this.afterCommit = afterCommit;
        this.commitDelayNanos = commitDelay.toNanos();
        this.maxGroupBytes = maxGroupBytes;
        this.maxPendingEntries = maxPendingEntries;
        this.writer = new Thread(this::run, "ccl-receipts-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Queues one batch and waits until it is durable.
     *
     * @return the index of the batch's first entry
     */
    public long append(List<byte[]> payloads, List<byte[]> leafHashes) throws LogException {
        long bytes = 0;
        for (byte[] p : payloads) {
            bytes += p.length + 32L;
        }
        Pending pending = new Pending(payloads, leafHashes, bytes, new CompletableFuture<>());
        lock.lock();
        try {
            if (failure != null) {
                throw new LogException(Reason.UNAVAILABLE, "the log storage failed; reopen the log to recover", failure);
            }
            if (closing) {
                throw new LogException(Reason.UNAVAILABLE, "the log is closed");
            }
            if (payloads.size() > maxPendingEntries) {
                throw new LogException(Reason.INVALID_ARGUMENT, "a batch of " + payloads.size()
                        + " entries is larger than the queue (" + maxPendingEntries + " entries)");
            }
            if (queuedEntries + payloads.size() > maxPendingEntries) {
                throw new LogException(Reason.OVERLOADED, queuedEntries + " entries are waiting for the disk; retry later");
            }
            queue.add(pending);
            queuedBytes += bytes;
            queuedEntries += payloads.size();
            queued.signal();
        } finally {
            lock.unlock();
        }
        try {
            return pending.done().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof LogException le) {
                throw new LogException(le.reason(), le.getMessage(), le.getCause());
            }
            throw new LogException(Reason.UNAVAILABLE, "append failed", e.getCause());
        }
    }

    private void run() {
        try {
            while (true) {
                List<Pending> group = nextGroup();
                if (group == null || !commit(group)) {
                    return;
                }
            }
        } catch (Throwable t) {
            // Never leave an appender waiting for a writer that is gone.
            fail(new ArrayList<>(), t);
            throw t;
        }
    }

    /** Waits for work and takes a group; null once closing and drained. */
    private List<Pending> nextGroup() {
        lock.lock();
        try {
            while (queue.isEmpty() && !closing) {
                queued.awaitUninterruptibly();
            }
            if (queue.isEmpty()) {
                return null;
            }
            long remaining = commitDelayNanos;
            while (remaining > 0 && !closing && queuedBytes < maxGroupBytes) {
                try {
                    remaining = queued.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            List<Pending> group = new ArrayList<>();
            long bytes = 0;
            while (!queue.isEmpty() && (group.isEmpty() || bytes + queue.peek().bytes() <= maxGroupBytes)) {
                Pending p = queue.poll();
                group.add(p);
                bytes += p.bytes();
                queuedBytes -= p.bytes();
                queuedEntries -= p.payloads().size();
            }
            return group;
        } finally {
            lock.unlock();
        }
    }

    private boolean commit(List<Pending> group) {
        List<byte[]> payloads = new ArrayList<>();
        List<byte[]> hashes = new ArrayList<>();
        for (Pending p : group) {
            payloads.addAll(p.payloads());
            hashes.addAll(p.leafHashes());
        }
        try {
            if (tree.size() + payloads.size() > MerkleTree.MAX_LEAVES) {
                throw new IOException("the log is full (" + MerkleTree.MAX_LEAVES + " entries)");
            }
            long index = store.appendGroup(payloads);
            tree.append(hashes);
            for (Pending p : group) {
                p.done().complete(index);
                index += p.payloads().size();
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("Transparency log {}: writing a commit group failed; the log stops accepting entries until it is reopened",
                    logId, e);
            fail(group, e);
            return false;
        }
        try {
            afterCommit.run();
        } catch (RuntimeException e) {
            LOG.warn("Transparency log {}: post-commit notification failed", logId, e);
        }
        return true;
    }

    private void fail(List<Pending> group, Throwable cause) {
        LogException error = new LogException(Reason.UNAVAILABLE, "the log storage failed; the entry may not be durable", cause);
        lock.lock();
        try {
            failure = cause;
            group.addAll(queue);
            queue.clear();
            queuedBytes = 0;
            queuedEntries = 0;
        } finally {
            lock.unlock();
        }
        group.forEach(p -> p.done().completeExceptionally(error));
    }

    /** Entries queued and not yet taken by the writer. */
    int queuedEntries() {
        lock.lock();
        try {
            return queuedEntries;
        } finally {
            lock.unlock();
        }
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            queued.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            writer.join(TimeUnit.MINUTES.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
