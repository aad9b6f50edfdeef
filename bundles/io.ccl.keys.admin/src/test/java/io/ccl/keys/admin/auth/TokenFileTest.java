package io.ccl.keys.admin.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {
    @TempDir
    Path dir;

    @Test
    void createsA256BitTokenReadableOnlyByTheOwner() throws Exception {
        Path file = dir.resolve("run/ccl/admin.token");
        TokenFile.Loaded loaded = TokenFile.loadOrCreate(file);
        assertTrue(loaded.created());
        assertFalse(loaded.tooOpen());
        String content = Files.readString(file, StandardCharsets.US_ASCII);
        assertTrue(Pattern.matches("[A-Za-z0-9_-]{43}\n", content), content);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("run"))));
        assertArrayEquals(Credentials.sha256(content.strip().getBytes(StandardCharsets.US_ASCII)), loaded.sha256());
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file left");
        }

        TokenFile.Loaded again = TokenFile.loadOrCreate(file);
        assertFalse(again.created());
        assertArrayEquals(loaded.sha256(), again.sha256());
        assertEquals(content, Files.readString(file));
    }

    @Test
    void twoFilesGetDifferentTokens() throws Exception {
        assertFalse(java.util.Arrays.equals(TokenFile.loadOrCreate(dir.resolve("a")).sha256(),
                TokenFile.loadOrCreate(dir.resolve("b")).sha256()));
    }

    @Test
    void readsAnOperatorWrittenTokenAndWarnsWhenOthersMayReadIt() throws Exception {
        Path file = dir.resolve("token");
        String token = "x".repeat(TokenFile.MIN_TOKEN_CHARS);
        Files.writeString(file, "  " + token + "\r\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        TokenFile.Loaded loaded = TokenFile.loadOrCreate(file);
        assertFalse(loaded.created());
        assertTrue(loaded.tooOpen());
        assertArrayEquals(Credentials.sha256(token.getBytes(StandardCharsets.US_ASCII)), loaded.sha256());
    }

    @Test
    void refusesFilesWithoutAnAcceptableToken() throws Exception {
        Path file = dir.resolve("token");
        String secretish = "short-but-private";
        Files.writeString(file, secretish);
        IOException e = assertThrows(IOException.class, () -> TokenFile.loadOrCreate(file));
        assertFalse(e.getMessage().contains(secretish), e.getMessage());
        Files.writeString(file, "a".repeat(40) + " " + "b".repeat(40));
        assertThrows(IOException.class, () -> TokenFile.loadOrCreate(file));
        Files.writeString(file, "\n\n");
        assertThrows(IOException.class, () -> TokenFile.loadOrCreate(file));
        Files.write(file, new byte[5000]);
        assertThrows(IOException.class, () -> TokenFile.loadOrCreate(file));
    }

    @Test
    void aDirectoryInTheWayIsAnError() throws Exception {
        Files.createDirectories(dir.resolve("token"));
        assertThrows(IOException.class, () -> TokenFile.loadOrCreate(dir.resolve("token")));
    }
}
