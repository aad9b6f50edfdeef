package io.ccl.keys.local.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
