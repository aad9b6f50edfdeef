package io.ccl.keys.local.disk;

import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a data directory ({@code .lock}, an OS file lock through
 * {@link FileChannel#tryLock()}), so that two runtimes never write the same store. The OS drops
 * the lock when the process dies, so a crash never leaves the directory locked.
 */
public final class DataDirLock implements AutoCloseable {
    /** Name of the lock file in the data directory. */
    public static final String FILE_NAME = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dataDir}.
     *
     * @throws KeyStorageException {@code UNAVAILABLE} when another process or another store
     *     instance in this JVM holds it
     */
    public static DataDirLock acquire(Path dataDir) throws KeyStorageException {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dataDir.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new KeyStorageException(Reason.UNAVAILABLE, "data directory " + dataDir + " is in use by another process");
            }
            return new DataDirLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new KeyStorageException(Reason.UNAVAILABLE, "data directory " + dataDir + " is already open in this process");
        } catch (IOException e) {
            closeQuietly(channel);
            throw new KeyStorageException(Reason.UNAVAILABLE, "cannot lock data directory " + dataDir, e);
        } catch (KeyStorageException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases the lock as well.
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing to recover: the OS releases the descriptor and its lock with the process.
            }
        }
    }
}
