package io.ccl.runtime.measure;

import io.ccl.runtime.api.measure.BundleEvent;
import io.ccl.runtime.api.measure.BundleEvent.Action;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the {@link EventChain} from the framework: a snapshot of the bundles present when the
 * runtime starts, then every INSTALLED, UPDATED, STARTED, STOPPED and UNINSTALLED event. Each
 * appended entry is written (and fsync'd) to the audit file and extended into the measurement
 * register before {@code onChange} runs, all under the chain's lock order (one event at a time).
 */
public final class BundleEventRecorder implements BundleListener, AutoCloseable {
    /** Runtime-data member: the chain digest. */
    public static final String MEASUREMENTS = "measurements";
    /** Runtime-data member: base and entries of the chain, for the verifier's replay. */
    public static final String BUNDLE_LOG = "ccl-bundle-log";

    private static final Logger LOG = LoggerFactory.getLogger(BundleEventRecorder.class);

    private final EventChain chain;
    private final JarDigests jars;
    private final Clock clock;
    private final MeasurementRegister register;
    private final Runnable onChange;
    private final FileChannel file;

    /**
     * @param logFile audit copy of this boot's log; an existing file is kept as {@code <name>.previous}
     *     (null: no file)
     */
    public BundleEventRecorder(EventChain chain, JarDigests jars, Clock clock, MeasurementRegister register,
            Path logFile, Runnable onChange) {
        this.chain = chain;
        this.jars = jars;
        this.clock = clock;
        this.register = register;
        this.onChange = onChange;
        this.file = open(logFile);
    }

    /** Records the bundles present now, by bundle id. */
    public synchronized void snapshot(BundleContext context) {
        Bundle[] bundles = context.getBundles();
        Arrays.sort(bundles, Comparator.comparingLong(Bundle::getBundleId));
        for (Bundle b : bundles) {
            if (b.getBundleId() == Constants.SYSTEM_BUNDLE_ID) {
                continue;
            }
            record(b, Action.INSTALLED, false);
            if ((b.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
                record(b, Action.STARTED, false);
            }
        }
    }

    @Override
    public void bundleChanged(org.osgi.framework.BundleEvent event) {
        Optional<Action> action = switch (event.getType()) {
            case org.osgi.framework.BundleEvent.INSTALLED -> Optional.of(Action.INSTALLED);
            case org.osgi.framework.BundleEvent.UPDATED -> Optional.of(Action.UPDATED);
            case org.osgi.framework.BundleEvent.STARTED -> Optional.of(Action.STARTED);
            case org.osgi.framework.BundleEvent.STOPPED -> Optional.of(Action.STOPPED);
            case org.osgi.framework.BundleEvent.UNINSTALLED -> Optional.of(Action.UNINSTALLED);
            default -> Optional.empty();
        };
        if (action.isPresent() && event.getBundle().getBundleId() != Constants.SYSTEM_BUNDLE_ID) {
            synchronized (this) {
                record(event.getBundle(), action.get(), true);
            }
        }
    }

    /** Records one event; public for tests that drive the recorder without a framework. */
    public synchronized void record(long id, Action action, String bsn, String version, String sha384, boolean notify) {
        List<BundleEvent> added = chain.append(id, action, bsn, version, sha384, clock.instant());
        for (BundleEvent e : added) {
            persist(e);
        }
        if (!added.isEmpty() && notify) {
            onChange.run();
        }
    }

    private void record(Bundle b, Action action, boolean notify) {
        String sha = action == Action.UNINSTALLED ? known(b.getBundleId()).orElse(JarDigests.UNREADABLE)
                : jars.digest(b.getLocation(), b.getLastModified());
        String bsn = b.getSymbolicName() == null ? "-" : b.getSymbolicName();
        record(b.getBundleId(), action, bsn, b.getVersion().toString(), sha, notify);
    }

    private Optional<String> known(long id) {
        return chain.modules().stream().filter(m -> m.bundleId() == id).map(EventChain.Module::sha384).findFirst();
    }

    private void persist(BundleEvent e) {
        try {
            register.extend(sha384(e.canonical()));
        } catch (IOException | RuntimeException ex) {
            LOG.error("extending {} failed: {}", register.describe(), ex.getMessage());
        }
        if (file == null) {
            return;
        }
        try {
            ByteBuffer line = ByteBuffer.wrap((e.canonical() + " " + e.digest() + "\n").getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) {
                file.write(line);
            }
            file.force(false);
        } catch (IOException ex) {
            // The in-memory chain stays authoritative (it is what evidence binds); the file is an audit copy.
            LOG.error("bundle event log file write failed: {}", ex.getMessage());
        }
    }

    private static FileChannel open(Path logFile) {
        if (logFile == null) {
            return null;
        }
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            if (Files.exists(logFile)) {
                Files.move(logFile, logFile.resolveSibling(logFile.getFileName() + ".previous"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            FileChannel ch = FileChannel.open(logFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            ch.write(ByteBuffer.wrap(("# ccl bundle event log: seq id action bsn version sha384 epochMillis digest; base "
                    + EventChain.GENESIS + "\n").getBytes(StandardCharsets.UTF_8)));
            return ch;
        } catch (IOException e) {
            LOG.error("bundle event log file {} cannot be opened ({}); keeping the log in memory only", logFile,
                    e.getMessage());
            return null;
        }
    }

    static byte[] sha384(String s) {
        try {
            return MessageDigest.getInstance("SHA-384").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-384 is mandatory", e);
        }
    }

    @Override
    public synchronized void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                LOG.warn("closing the bundle event log file: {}", e.getMessage());
            }
        }
    }
}
