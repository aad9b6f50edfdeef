package io.ccl.attestation.policy;

import io.ccl.attestation.policy.reference.InvalidPolicyException;
import io.ccl.attestation.policy.reference.PolicyDocument;
import io.ccl.attestation.policy.reference.PolicyParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One policy file and the last policy that loaded from it. {@link #current()} checks the file's
 * modification time and size at most once per second and reloads when they changed; a file that
 * does not load leaves the previous policy in force and is logged once per change.
 */
final class PolicyFile {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyFile.class);
    private static final long CHECK_INTERVAL_MILLIS = 1000;

    /** What the file looked like when last read; equal stamps mean "unchanged". */
    private record Stamp(long modifiedNanos, long size) {
        static final Stamp MISSING = new Stamp(Long.MIN_VALUE, -1);
    }

    /** A successfully loaded policy and when. */
    record Loaded(PolicyDocument document, Instant loadedAt) {
    }

    private final Path path;
    private final Clock clock;
    private final AtomicLong nextCheckMillis = new AtomicLong(Long.MIN_VALUE);
    private volatile Loaded loaded;
    private volatile Stamp lastSeen;
    private volatile String lastError;

    PolicyFile(Path path, Clock clock) {
        this.path = path.toAbsolutePath().normalize();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    Path path() {
        return path;
    }

    /** The policy in force, or null when no valid policy ever loaded. Cheap: stats the file at most once a second. */
    Loaded current() {
        long now = clock.millis();
        long next = nextCheckMillis.get();
        if (now >= next && nextCheckMillis.compareAndSet(next, now + CHECK_INTERVAL_MILLIS)) {
            Stamp stamp = stamp();
            if (!stamp.equals(lastSeen)) {
                load(stamp);
            }
        }
        return loaded;
    }

    /** Reads the file now, whatever its stamp. */
    synchronized Loaded reload() {
        nextCheckMillis.set(clock.millis() + CHECK_INTERVAL_MILLIS);
        load(stamp());
        return loaded;
    }

    /** The reason the last read failed, or null if it succeeded. */
    String lastError() {
        return lastError;
    }

    private synchronized void load(Stamp stamp) {
        lastSeen = stamp;
        Loaded previous = loaded;
        String keeping = previous == null ? "no policy is in force: everything is denied"
                : "keeping " + previous.document().revision();
        try {
            PolicyDocument doc = PolicyParser.parse(read());
            loaded = new Loaded(doc, clock.instant());
            lastError = null;
            LOG.info("appraisal policy {} loaded from {}", doc.revision(), path);
        } catch (InvalidPolicyException e) {
            lastError = e.getMessage();
            LOG.error("policy file {} rejected ({}); {}", path, e.getMessage(), keeping);
        } catch (NoSuchFileException e) {
            lastError = "file not found";
            LOG.error("policy file {} not found; {}", path, keeping);
        } catch (IOException e) {
            lastError = "cannot read: " + e.getClass().getSimpleName();
            LOG.error("policy file {} cannot be read ({}); {}", path, e.getClass().getSimpleName(), keeping);
        }
    }

    private byte[] read() throws IOException, InvalidPolicyException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes(PolicyParser.MAX_BYTES + 1);
            if (bytes.length > PolicyParser.MAX_BYTES) {
                throw new InvalidPolicyException("policy file is larger than " + PolicyParser.MAX_BYTES + " bytes");
            }
            return bytes;
        }
    }

    private Stamp stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            Instant modified = a.lastModifiedTime().toInstant();
            return new Stamp(modified.getEpochSecond() * 1_000_000_000L + modified.getNano(), a.size());
        } catch (IOException e) {
            return Stamp.MISSING;
        }
    }
}
