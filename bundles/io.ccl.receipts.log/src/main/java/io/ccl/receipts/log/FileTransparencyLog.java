package io.ccl.receipts.log;

import io.ccl.receipts.api.ConsistencyProof;
import io.ccl.receipts.api.InclusionProof;
import io.ccl.receipts.api.LogEntry;
import io.ccl.receipts.api.LogException;
import io.ccl.receipts.api.LogException.Reason;
import io.ccl.receipts.api.MerkleVerifier;
import io.ccl.receipts.api.NewEntry;
import io.ccl.receipts.api.Receipt;
import io.ccl.receipts.api.SignedTreeHead;
import io.ccl.receipts.api.TransparencyLog;
import io.ccl.receipts.api.TreeHead;
import io.ccl.receipts.api.TreeHeadListener;
import io.ccl.receipts.api.TreeHeadSigner;
import io.ccl.receipts.log.commit.GroupCommitter;
import io.ccl.receipts.log.segment.SegmentStore;
import io.ccl.receipts.log.tree.MerkleTree;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transparency log on local files: append-only checksummed segment files, durable group
 * commit, recovery to the last durable commit at open, the RFC 9162 Merkle tree rebuilt in memory
 * at open, and tree heads signed by whichever {@link TreeHeadSigner} service is present. See the
 * bundle README for the file formats and the recovery rules.
 *
 * <p><b>Security guarantees.</b> Those of {@link TransparencyLog}: acknowledged entries are durable
 * and survive a crash in order and without gaps; damage inside the log makes it refuse to open;
 * every entry read back is checked against its checksum and against its leaf hash in the tree.
 */
@Component(service = TransparencyLog.class, configurationPid = FileTransparencyLog.PID)
@Designate(ocd = FileTransparencyLog.Config.class)
public final class FileTransparencyLog implements TransparencyLog, AutoCloseable {
    /** Configuration PID. */
    public static final String PID = "io.ccl.receipts.log";

    /** Largest batch one {@link #appendAll} call may write (it is one record group, never split). */
    public static final int MAX_BATCH_BYTES = 64 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(FileTransparencyLog.class);

    @ObjectClassDefinition(name = "CCL transparency log",
            description = "Append-only audit log with RFC 9162 Merkle proofs and signed tree heads, in segment files.")
    public @interface Config {
        @AttributeDefinition(name = "Directory",
                description = "Directory of the log, relative to the working directory unless absolute. One runtime at a time.")
        String directory() default "data/receipts";

        @AttributeDefinition(name = "Segment size", description = "Bytes after which a new segment file is started (1 MiB to 1 GiB).")
        long segment_size() default 64L << 20;

        @AttributeDefinition(name = "Commit delay (microseconds)",
                description = "How long the writer waits for more appends before each write + fsync. 0: write as soon as the previous fsync returned.")
        long commit_delay_micros() default 0;

        @AttributeDefinition(name = "Largest commit group (bytes)", description = "Upper bound of one write + fsync (64 KiB to 64 MiB).")
        int max_batch_bytes() default 4 << 20;

        @AttributeDefinition(name = "Largest queue (entries)", description = "Appends beyond this many waiting entries fail with OVERLOADED.")
        int max_pending_entries() default 100_000;

        @AttributeDefinition(name = "Tree head interval (seconds)",
                description = "A signed tree head is published at this interval even when nothing changed. 0: only after commits.")
        long sth_interval_seconds() default 60;

        @AttributeDefinition(name = "Tree head spacing (milliseconds)",
                description = "After commits, a signed tree head follows within this time (commits in between share it). Receipts never wait for it.")
        long sth_min_interval_millis() default 1000;
    }

    private final Clock clock;
    private final SegmentStore store;
    private final MerkleTree tree;
    private final TreeHeadPublisher publisher;
    private final GroupCommitter committer;

    @Activate
    public FileTransparencyLog(Config config) throws LogException {
        this(Path.of(config.directory()), Settings.of(config), Clock.systemUTC());
    }

    /**
     * Opens (creating if needed) the log in {@code directory} and recovers it.
     *
     * @throws LogException {@code CORRUPT} when the log is damaged before its last commit,
     *     {@code UNAVAILABLE} when the directory is locked or unreadable
     */
    public FileTransparencyLog(Path directory, Settings settings, Clock clock) throws LogException {
        this.clock = clock;
        this.tree = new MerkleTree();
        long started = System.nanoTime();
        this.store = SegmentStore.open(directory, settings.segmentSize(), tree::append);
        this.publisher = new TreeHeadPublisher(store.logId(), tree, clock, settings.treeHeadInterval(),
                settings.treeHeadMinInterval());
        this.committer = new GroupCommitter(store.logId(), store::appendGroup, tree, publisher::treeGrew, settings.commitDelay(),
                settings.maxBatchBytes(), settings.maxPendingEntries());
        LOG.info("Transparency log {} open in {}: {} entries in {} segments, tree rebuilt in {} ms ({} MiB of hashes)",
                store.logId(), store.directory(), store.size(), store.segmentCount(),
                (System.nanoTime() - started) / 1_000_000, tree.memoryBytes() >> 20);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void setSigner(TreeHeadSigner signer) {
        publisher.setSigner(signer);
    }

    public void unsetSigner(TreeHeadSigner signer) {
        publisher.unsetSigner(signer);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addListener(TreeHeadListener listener) {
        publisher.addListener(listener);
    }

    public void removeListener(TreeHeadListener listener) {
        publisher.removeListener(listener);
    }

    @Override
    public String logId() {
        return store.logId();
    }

    @Override
    public LogEntry append(NewEntry entry) throws LogException {
        return appendAll(List.of(entry)).get(0);
    }

    @Override
    public List<LogEntry> appendAll(List<NewEntry> entries) throws LogException {
        if (entries.isEmpty()) {
            return List.of();
        }
        // Leaf data and hashes are made here, in the appender's thread, so the writer only writes.
        Instant time = Instant.ofEpochMilli(clock.millis());
        List<byte[]> payloads = new ArrayList<>(entries.size());
        List<byte[]> hashes = new ArrayList<>(entries.size());
        long bytes = 0;
        for (NewEntry e : entries) {
            byte[] leaf = LogEntry.of(0, time, e).leafData();
            bytes += leaf.length;
            if (bytes > MAX_BATCH_BYTES) {
                throw new LogException(Reason.INVALID_ARGUMENT, "a batch holds at most " + (MAX_BATCH_BYTES >> 20) + " MiB");
            }
            payloads.add(leaf);
            hashes.add(MerkleVerifier.leafHash(leaf));
        }
        long first = committer.append(payloads, hashes);
        List<LogEntry> out = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            out.add(LogEntry.of(first + i, time, entries.get(i)));
        }
        return out;
    }

    @Override
    public long size() {
        return tree.size();
    }

    @Override
    public TreeHead treeHead() {
        long size = tree.size();
        return new TreeHead(logId(), size, tree.root(size), Instant.ofEpochMilli(clock.millis()));
    }

    @Override
    public byte[] rootHash(long treeSize) throws LogException {
        requireSize(treeSize);
        return tree.root(treeSize);
    }

    @Override
    public Optional<SignedTreeHead> latestSignedTreeHead() {
        return publisher.latest();
    }

    @Override
    public SignedTreeHead signTreeHead() throws LogException {
        return publisher.signNow();
    }

    @Override
    public LogEntry entry(long index) throws LogException {
        if (index < 0 || index >= tree.size()) {
            throw new LogException(Reason.NOT_FOUND, "no entry " + index + " (size " + tree.size() + ")");
        }
        byte[] leafData = store.read(index);
        if (!Arrays.equals(MerkleVerifier.leafHash(leafData), tree.leafHash(index))) {
            throw new LogException(Reason.CORRUPT, "entry " + index + " on disk no longer matches its leaf hash");
        }
        try {
            return LogEntry.fromLeafData(index, leafData);
        } catch (IllegalArgumentException e) {
            throw new LogException(Reason.CORRUPT, "entry " + index + " is not well-formed leaf data: " + e.getMessage());
        }
    }

    @Override
    public InclusionProof inclusionProof(long index, long treeSize) throws LogException {
        requireSize(treeSize);
        if (index < 0 || index >= treeSize) {
            throw new LogException(Reason.INVALID_ARGUMENT, "leaf index " + index + " is not below tree size " + treeSize);
        }
        return new InclusionProof(index, treeSize, tree.inclusionProof(index, treeSize));
    }

    @Override
    public ConsistencyProof consistencyProof(long firstSize, long secondSize) throws LogException {
        requireSize(secondSize);
        if (firstSize < 0 || firstSize > secondSize) {
            throw new LogException(Reason.INVALID_ARGUMENT, "first size " + firstSize + " is not within 0.." + secondSize);
        }
        return new ConsistencyProof(firstSize, secondSize, tree.consistencyProof(firstSize, secondSize));
    }

    @Override
    public OptionalLong indexOf(byte[] leafHash) {
        return tree.indexOf(leafHash);
    }

    @Override
    public Receipt receipt(long index) throws LogException {
        LogEntry entry = entry(index);
        SignedTreeHead head = publisher.covering(index + 1);
        return new Receipt(entry, inclusionProof(index, head.treeSize()), head);
    }

    @Override
    public Optional<Receipt> receipt(String entryId) throws LogException {
        byte[] leafHash;
        try {
            leafHash = LogEntry.parseEntryId(entryId);
        } catch (IllegalArgumentException e) {
            throw new LogException(Reason.INVALID_ARGUMENT, e.getMessage());
        }
        OptionalLong index = tree.indexOf(leafHash);
        return index.isPresent() ? Optional.of(receipt(index.getAsLong())) : Optional.empty();
    }

    private void requireSize(long treeSize) throws LogException {
        long size = tree.size();
        if (treeSize < 0 || treeSize > size) {
            throw new LogException(Reason.INVALID_ARGUMENT, "tree size " + treeSize + " is not within 0.." + size);
        }
    }

    /** Writes what is queued, stops signing, closes the files and releases the directory. */
    @Deactivate
    @Override
    public void close() {
        committer.close();
        publisher.close();
        store.close();
    }

    @Override
    public String toString() {
        return "FileTransparencyLog[" + store.directory() + "]";
    }

    /**
     * Tuning of the log (see {@link Config}).
     *
     * @param segmentSize bytes after which a new segment starts
     * @param commitDelay how long the writer gathers appends before a write + fsync
     * @param maxBatchBytes upper bound of one commit group
     * @param maxPendingEntries appends beyond this many queued entries fail with OVERLOADED
     * @param treeHeadInterval period of signed tree heads; zero: only after commits
     * @param treeHeadMinInterval least time between two heads published after commits
     */
    public record Settings(long segmentSize, Duration commitDelay, int maxBatchBytes, int maxPendingEntries,
            Duration treeHeadInterval, Duration treeHeadMinInterval) {
        public Settings {
            if (segmentSize < (1 << 20) || segmentSize > (1L << 30)) {
                throw new IllegalArgumentException("segment size must be 1 MiB to 1 GiB");
            }
            if (commitDelay.isNegative() || commitDelay.compareTo(Duration.ofSeconds(1)) > 0) {
                throw new IllegalArgumentException("commit delay must be 0 to 1 s");
            }
            if (maxBatchBytes < (64 << 10) || maxBatchBytes > (64 << 20)) {
                throw new IllegalArgumentException("largest commit group must be 64 KiB to 64 MiB");
            }
            if (maxPendingEntries < 1) {
                throw new IllegalArgumentException("the queue must hold at least one entry");
            }
            if (treeHeadInterval.isNegative() || treeHeadMinInterval.isNegative()) {
                throw new IllegalArgumentException("negative tree head interval");
            }
        }

        /** The defaults of {@link Config}. */
        public static Settings defaults() {
            return new Settings(64L << 20, Duration.ZERO, 4 << 20, 100_000, Duration.ofSeconds(60), Duration.ofSeconds(1));
        }

        static Settings of(Config c) {
            return new Settings(c.segment_size(), Duration.ofNanos(c.commit_delay_micros() * 1000),
                    c.max_batch_bytes(), c.max_pending_entries(), Duration.ofSeconds(c.sth_interval_seconds()),
                    Duration.ofMillis(c.sth_min_interval_millis()));
        }
    }
}
