package io.ccl.keys.local.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {
    @TempDir
    Path dir;

    @Test
    void writeReplacesAtomicallyAndLeavesNoTemporaryFile() throws Exception {
        Path target = dir.resolve("a/b/file.sec");
        DurableFiles.createDirectories(target.getParent());
        DurableFiles.write(target, new byte[] {1, 2, 3});
        DurableFiles.write(target, new byte[] {4});
        assertArrayEquals(new byte[] {4}, DurableFiles.read(target, 10).orElseThrow());
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertEquals(1, files.count());
        }
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a"))));
        }
    }

    @Test
    void readIsBoundedAndMissingIsEmpty() throws Exception {
        assertTrue(DurableFiles.read(dir.resolve("none"), 10).isEmpty());
        Path big = dir.resolve("big");
        Files.write(big, new byte[11]);
        assertThrows(IOException.class, () -> DurableFiles.read(big, 10));
    }

    @Test
    void removesOnlyTemporaryFiles() throws Exception {
        Files.createDirectories(dir.resolve("x/y"));
        Files.write(dir.resolve("x/y/.tmp-abc"), new byte[1]);
        Files.write(dir.resolve("x/.tmp-def"), new byte[1]);
        Files.write(dir.resolve("x/y/1.sec"), new byte[1]);
        Files.createDirectories(dir.resolve("x/.tmp-dir-is-a-resource-name"));
        assertEquals(2, DurableFiles.removeTempFiles(dir));
        assertTrue(Files.exists(dir.resolve("x/y/1.sec")));
        assertTrue(Files.isDirectory(dir.resolve("x/.tmp-dir-is-a-resource-name")));
    }

    @Test
    void eraseOverwritesTheContentBeforeUnlinking() throws Exception {
        Path target = dir.resolve("7.sec");
        byte[] content = new byte[100_000];
        java.util.Arrays.fill(content, (byte) 0x5a);
        Files.write(target, content);
        // A second name for the same inode shows what the erase left in the blocks.
        Path witness = dir.resolve("witness");
        Files.createLink(witness, target);
        assertTrue(DurableFiles.erase(target));
        assertFalse(Files.exists(target));
        assertArrayEquals(new byte[content.length], Files.readAllBytes(witness), "content overwritten with zeros");
        assertFalse(DurableFiles.erase(target), "nothing left to erase");
    }
}
