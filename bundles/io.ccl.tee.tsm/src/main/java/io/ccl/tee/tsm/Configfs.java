package io.ccl.tee.tsm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The file operations configfs-tsm is driven with. On configfs, {@code mkdir} makes the kernel
 * create the attribute files and {@code rmdir} removes the item with them; tests substitute a fake
 * kernel over an ordinary directory.
 */
public interface Configfs {
    boolean isDirectory(Path dir);

    void mkdir(Path dir) throws IOException;

    void rmdir(Path dir) throws IOException;

    byte[] read(Path attribute) throws IOException;

    void write(Path attribute, byte[] value) throws IOException;

    /** The real kernel interface. */
    static Configfs kernel() {
        return new Configfs() {
            @Override
            public boolean isDirectory(Path dir) {
                return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS);
            }

            @Override
            public void mkdir(Path dir) throws IOException {
                Files.createDirectory(dir);
            }

            @Override
            public void rmdir(Path dir) throws IOException {
                Files.delete(dir);
            }

            @Override
            public byte[] read(Path attribute) throws IOException {
                return Files.readAllBytes(attribute);
            }

            @Override
            public void write(Path attribute, byte[] value) throws IOException {
                // One open/write/close: configfs binary attributes commit on release; no O_CREAT, no O_TRUNC.
                Files.write(attribute, value, StandardOpenOption.WRITE);
            }
        };
    }
}
