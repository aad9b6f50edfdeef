package io.ccl.keys.local.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Crash-safe file primitives (POSIX semantics, as on Linux):
 *
 * <ol>
 *   <li>write the new content to a temporary file ({@value #TEMP_PREFIX}…) in the target's own
 *       directory and {@code fsync} it ({@link FileChannel#force(boolean)});</li>
 *   <li>{@code rename(2)} it over the target ({@link StandardCopyOption#ATOMIC_MOVE}): readers see
 *       the old file or the new one, never a mix;</li>
 *   <li>{@code fsync} the directory so the rename itself survives a power loss.</li>
 * </ol>
 *
 * A crash before step 2 leaves the old file and a stray temporary file, which every reader ignores
 * and {@link #removeTempFiles} deletes at the next start. Files are created {@code rw-------} and
 * directories {@code rwx------} where the file system has POSIX permissions.
 */
public final class DurableFiles {
    /** Prefix of temporary files; no stored file name starts with it. */
    public static final String TEMP_PREFIX = ".tmp-";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> FILE_PERMS = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_PERMS = PosixFilePermissions.fromString("rwx------");

    private DurableFiles() {
    }

    /** Atomically replaces (or creates) {@code target} with {@code content}, durably. */
    public static void write(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        byte[] suffix = new byte[8];
        RANDOM.nextBytes(suffix);
        Path temp = dir.resolve(TEMP_PREFIX + HexFormat.of().formatHex(suffix));
        boolean moved = false;
        try {
            Files.createFile(temp, fileAttributes(dir, FILE_PERMS));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
            syncDirectory(dir);
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Reads a whole file of at most {@code maxBytes}; empty when it does not exist. */
    public static Optional<byte[]> read(Path file, int maxBytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > maxBytes) {
                throw new IOException("file larger than " + maxBytes + " bytes: " + file.getFileName());
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    throw new IOException("file shrank while being read: " + file.getFileName());
                }
            }
            return Optional.of(buffer.array());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Creates {@code dir} and any missing parents, each made durable in its parent directory. */
    public static void createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            Files.createDirectory(absolute, fileAttributes(parent, DIR_PERMS));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(absolute)) {
                throw e;
            }
            return;
        }
        if (parent != null) {
            syncDirectory(parent);
        }
    }

    /** Makes the entries of {@code dir} (creations, renames, deletions) durable. */
    public static void syncDirectory(Path dir) throws IOException {
        // Linux allows fsync on a directory opened read-only; that is what persists a rename.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Erases a file: overwrites its content with zeros, {@code fsync}s it, unlinks it and
     * {@code fsync}s the directory. Returns false when it did not exist. On copy-on-write or
     * flash storage the old blocks may survive the overwrite; the content is sealed anyway.
     */
    public static boolean erase(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            long size = channel.size();
            ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(size, 1 << 16));
            for (long position = 0; position < size; ) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), size - position));
                position += channel.write(zeros, position);
            }
            channel.force(true);
        } catch (NoSuchFileException e) {
            return false;
        }
        Files.deleteIfExists(file);
        syncDirectory(file.toAbsolutePath().getParent());
        return true;
    }

    /** True for names this class uses for temporary files. */
    public static boolean isTemp(Path file) {
        return file.getFileName().toString().startsWith(TEMP_PREFIX);
    }

    /** Deletes every temporary file under {@code root} left by an interrupted write; returns how many. */
    public static int removeTempFiles(Path root) throws IOException {
        int[] removed = {0};
        if (!Files.isDirectory(root)) {
            return 0;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && isTemp(file)) {
                    Files.deleteIfExists(file);
                    removed[0]++;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return removed[0];
    }

    private static FileAttribute<?>[] fileAttributes(Path dir, Set<PosixFilePermission> perms) {
        if (dir != null && dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(perms)};
        }
        return new FileAttribute<?>[0];
    }
}
