package io.ccl.keys.local.disk;

import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 256-bit key-encryption key that seals every file of the store. Kept in a file of exactly 32
 * raw bytes, created on first start with owner-only permissions. The local store is exactly as
 * safe as this file.
 */
public final class MasterKey implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MasterKey.class);
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final DestroyableAesKey key;

    private MasterKey(DestroyableAesKey key) {
        this.key = key;
    }

    /**
     * Loads the master key, or generates it when the file does not exist.
     *
     * @param mayCreate false when the store already holds sealed files: a new master key could never
     *     open them, so a missing key file is then an error rather than a reason to start afresh
     */
    public static MasterKey loadOrCreate(Path file, boolean mayCreate, SecureRandom random) throws KeyStorageException {
        byte[] bytes = null;
        try {
            Optional<byte[]> existing = DurableFiles.read(file, DestroyableAesKey.LENGTH + 1);
            if (existing.isPresent()) {
                bytes = existing.get();
                if (bytes.length != DestroyableAesKey.LENGTH) {
                    throw new KeyStorageException(Reason.UNAVAILABLE,
                            "master key file " + file + " must hold exactly " + DestroyableAesKey.LENGTH + " bytes");
                }
                warnIfShared(file);
            } else if (!mayCreate) {
                throw new KeyStorageException(Reason.UNAVAILABLE,
                        "master key file " + file + " is missing but the store holds sealed files; restore the key file");
            } else {
                bytes = new byte[DestroyableAesKey.LENGTH];
                random.nextBytes(bytes);
                DurableFiles.createDirectories(file.toAbsolutePath().getParent());
                DurableFiles.write(file, bytes);
                LOG.info("generated a new master key in {}", file);
            }
            return new MasterKey(new DestroyableAesKey(bytes));
        } catch (IOException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "cannot read or create master key file " + file, e);
        } finally {
            if (bytes != null) {
                Arrays.fill(bytes, (byte) 0);
            }
        }
    }

    private static void warnIfShared(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(GROUP_OR_OTHER::contains)) {
                LOG.warn("master key file {} is accessible to group or others ({}); restrict it to rw-------",
                        file, PosixFilePermissions.toString(perms));
            }
        }
    }

    /** The key; valid until {@link #close()}. */
    SecretKey key() {
        return key;
    }

    /** Zeroes the key. */
    @Override
    public void close() {
        key.destroy();
    }
}
