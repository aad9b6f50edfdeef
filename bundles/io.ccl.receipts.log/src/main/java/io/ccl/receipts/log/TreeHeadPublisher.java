package io.ccl.receipts.log;

import io.ccl.receipts.api.LogException;
import io.ccl.receipts.api.LogException.Reason;
import io.ccl.receipts.api.SignedTreeHead;
import io.ccl.receipts.api.TreeHead;
import io.ccl.receipts.api.TreeHeadListener;
import io.ccl.receipts.api.TreeHeadSignature;
import io.ccl.receipts.api.TreeHeadSigner;
import io.ccl.receipts.log.tree.MerkleTree;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs and publishes tree heads: after commits (coalesced, and at most one per {@code minInterval}
 * so that a busy log does not spend a core on signatures: commits in between are covered by the
 * next head), at a fixed interval even when nothing changed (a fresh timestamp shows the log is
 * alive), when a signer appears, and on demand (receipts never wait for the schedule). Heads are
 * signed one at a time, their timestamps never go backwards, and listeners hear them in that order.
 */
final class TreeHeadPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TreeHeadPublisher.class);

    private final String logId;
    private final MerkleTree tree;
    private final Clock clock;
    private final AtomicReference<TreeHeadSigner> signer = new AtomicReference<>();
    private final List<TreeHeadListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean growthQueued = new AtomicBoolean();
    private final ScheduledExecutorService executor;
    private final long minIntervalNanos;
    private volatile SignedTreeHead latest;
    private volatile long lastPublished = System.nanoTime();

    TreeHeadPublisher(String logId, MerkleTree tree, Clock clock, Duration interval, Duration minInterval) {
        this.logId = logId;
        this.tree = tree;
        this.clock = clock;
        this.minIntervalNanos = minInterval.toNanos();
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ccl-receipts-sth");
            t.setDaemon(true);
            return t;
        });
        if (!interval.isZero() && !interval.isNegative()) {
            executor.scheduleAtFixedRate(() -> publishQuietly(true), interval.toNanos(), interval.toNanos(),
                    TimeUnit.NANOSECONDS);
        }
    }

    void setSigner(TreeHeadSigner s) {
        signer.set(s);
        executor.execute(() -> publishQuietly(true));
    }

    void unsetSigner(TreeHeadSigner s) {
        signer.compareAndSet(s, null);
    }

    void addListener(TreeHeadListener l) {
        listeners.add(l);
    }

    void removeListener(TreeHeadListener l) {
        listeners.remove(l);
    }

    Optional<SignedTreeHead> latest() {
        return Optional.ofNullable(latest);
    }

    /** Called after a commit: a signed head for the new size follows soon. */
    void treeGrew() {
        if (signer.get() != null && growthQueued.compareAndSet(false, true)) {
            long wait = Math.max(0, lastPublished + minIntervalNanos - System.nanoTime());
            executor.schedule(() -> {
                growthQueued.set(false);
                publishQuietly(false);
            }, wait, TimeUnit.NANOSECONDS);
        }
    }

    /** Signs the current head now. */
    SignedTreeHead signNow() throws LogException {
        return publish(true);
    }

    /** The newest signed head when it covers {@code treeSize} entries, else a fresh one. */
    SignedTreeHead covering(long treeSize) throws LogException {
        SignedTreeHead last = latest;
        return last != null && last.treeSize() >= treeSize ? last : publish(false);
    }

    private void publishQuietly(boolean force) {
        if (signer.get() == null) {
            return;
        }
        try {
            publish(force);
        } catch (LogException | RuntimeException e) {
            LOG.warn("Transparency log {}: tree head not signed: {}", logId, e.getMessage());
        }
    }

    private synchronized SignedTreeHead publish(boolean force) throws LogException {
        TreeHeadSigner s = signer.get();
        if (s == null) {
            throw new LogException(Reason.NOT_SIGNED, "no tree head signer is available");
        }
        long size = tree.size();
        SignedTreeHead last = latest;
        if (!force && last != null && last.treeSize() == size) {
            return last;
        }
        long now = clock.millis();
        if (last != null) {
            now = Math.max(now, last.treeHead().timestamp().toEpochMilli());
        }
        TreeHead head = new TreeHead(logId, size, tree.root(size), Instant.ofEpochMilli(now));
        TreeHeadSignature signature = sign(s, head);
        if (signature == null) {
            signature = sign(s, head); // the key changed between keyId() and sign(): ask once more
        }
        if (signature == null) {
            throw new LogException(Reason.NOT_SIGNED, "the tree head signer keeps changing its key");
        }
        SignedTreeHead signed = new SignedTreeHead(head, signature);
        latest = signed;
        lastPublished = System.nanoTime();
        for (TreeHeadListener l : listeners) {
            try {
                l.published(signed);
            } catch (RuntimeException e) {
                LOG.warn("Transparency log {}: tree head listener {} failed", logId, l.getClass().getName(), e);
            }
        }
        return signed;
    }

    /** A signature under the key id the message names; null when the signer answered under another key. */
    private static TreeHeadSignature sign(TreeHeadSigner s, TreeHead head) throws LogException {
        try {
            String keyId = s.keyId();
            TreeHeadSignature signature = s.sign(head.signedMessage(keyId));
            if (signature == null) {
                throw new LogException(Reason.NOT_SIGNED, "the tree head signer returned no signature");
            }
            return keyId.equals(signature.keyId()) ? signature : null;
        } catch (RuntimeException e) {
            throw new LogException(Reason.NOT_SIGNED, "the tree head signer refused: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
