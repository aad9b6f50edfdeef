package io.ccl.receipts.log.segment;

import io.ccl.receipts.api.LogException;
import io.ccl.receipts.api.LogException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The log directory: its process lock, its segment files ({@code <20-digit first index>.seg}),
 * durable file creation (temporary file, {@code fsync}, atomic rename, directory {@code fsync}) and
 * the quarantine of torn tails ({@code torn-<first index>-<offset>.bin}).
 */
public final class SegmentDirectory implements AutoCloseable {
    static final String LOCK = ".lock";
    static final String TEMP_PREFIX = ".tmp-";
    private static final Pattern SEGMENT = Pattern.compile("(\\d{20})\\.seg");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private SegmentDirectory(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Creates the directory if needed and locks it against any other log instance. */
    public static SegmentDirectory open(Path dir) throws LogException {
        Path absolute = dir.toAbsolutePath();
        FileChannel channel = null;
        try {
            createDirectories(absolute);
            channel = FileChannel.open(absolute.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new LogException(Reason.UNAVAILABLE, "log directory " + absolute + " is in use by another process");
            }
            return new SegmentDirectory(absolute, channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new LogException(Reason.UNAVAILABLE, "log directory " + absolute + " is already open in this process");
        } catch (IOException e) {
            closeQuietly(channel);
            throw new LogException(Reason.UNAVAILABLE, "cannot open log directory " + absolute, e);
        }
    }

    public Path path() {
        return dir;
    }

    /** The segment files, ordered by first index. */
    List<Path> segmentFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (SEGMENT.matcher(p.getFileName().toString()).matches()) {
                    files.add(p);
                }
            }
        }
        files.sort(null);
        return files;
    }

    /** The first index a segment file name states. */
    static long firstIndexOf(Path segment) {
        Matcher m = SEGMENT.matcher(segment.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a segment file: " + segment);
        }
        return Long.parseLong(m.group(1));
    }

    /** Deletes temporary files an interrupted segment creation or quarantine left; returns how many. */
    int removeTempFiles() throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, TEMP_PREFIX + "*")) {
            for (Path p : entries) {
                Files.deleteIfExists(p);
                removed++;
            }
        }
        if (removed > 0) {
            syncDirectory();
        }
        return removed;
    }

    /** Creates segment {@code firstIndex} with its header, durably, and opens it for appending. */
    Segment createSegment(long firstIndex, String logId) throws IOException {
        Path target = dir.resolve(String.format("%020d.seg", firstIndex));
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        writeDurably(target, new SegmentHeader(firstIndex, logId).encode());
        return new Segment(target, firstIndex, FileChannel.open(target, StandardOpenOption.READ, StandardOpenOption.WRITE));
    }

    /** Saves the bytes of a torn tail before they are truncated away; returns the file written. */
    Path quarantine(Segment segment, long offset, byte[] bytes) throws IOException {
        Path target = dir.resolve(String.format("torn-%020d-%d.bin", segment.firstIndex(), offset));
        for (int n = 1; Files.exists(target); n++) {
            target = dir.resolve(String.format("torn-%020d-%d.%d.bin", segment.firstIndex(), offset, n));
        }
        writeDurably(target, bytes);
        return target;
    }

    /** Temporary file, fsync, atomic rename, directory fsync: the name appears only with complete content. */
    private void writeDurably(Path target, byte[] content) throws IOException {
        byte[] suffix = new byte[8];
        RANDOM.nextBytes(suffix);
        Path temp = dir.resolve(TEMP_PREFIX + HexFormat.of().formatHex(suffix));
        boolean moved = false;
        try {
            Files.createFile(temp, fileAttributes());
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
            syncDirectory();
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Makes creations, renames and deletions in the directory durable (Linux: fsync on the directory). */
    void syncDirectory() throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private FileAttribute<?>[] fileAttributes() {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
        }
        return new FileAttribute<?>[0];
    }

    private static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
            return;
        }
        if (parent != null) {
            try (FileChannel channel = FileChannel.open(parent, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases the lock as well.
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // The OS releases the descriptor and its lock with the process.
            }
        }
    }
}
