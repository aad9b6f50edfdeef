package io.ccl.shell;

import static io.ccl.shell.KeysCommandTest.assertError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.tck.InMemoryKeyManagement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsCommandTest {
    private static final String VALUE = "hunter2-but-longer-Qm7";
    private static final ResourcePath PATH = new ResourcePath("app", "db", "password");

    private final InMemoryKeyManagement km = new InMemoryKeyManagement();
    private final SecretsCommand command = new SecretsCommand(km);

    @TempDir
    Path dir;

    private Path valueFile() throws Exception {
        Path f = dir.resolve("value.bin");
        Files.writeString(f, VALUE, StandardCharsets.US_ASCII);
        return f;
    }

    @Test
    void putsFromAFileListsVersionsAndDeletes() throws Exception {
        assertEquals("no secrets", command.secrets());
        String f = valueFile().toString();
        String out = command.secrets("put", "app/db/password", "--file", f);
        assertEquals("wrote app/db/password version 1", out);
        assertArrayEquals(VALUE.getBytes(StandardCharsets.US_ASCII), km.secretValue(PATH));
        assertEquals("wrote app/db/password version 2", command.secrets("put", "app/db/password", "--file", f, "--cas", "1"));
        assertError("CAS_MISMATCH", command.secrets("put", "app/db/password", "--file", f, "--cas", "0"));

        assertEquals("PATH\napp/db/password", command.secrets("list"));
        assertEquals("""
                app/db/password
                VERSION  STATE  CREATED
                1        LIVE   2026-11-21T10:00:01Z
                2        LIVE   2026-11-21T10:00:02Z""", command.secrets("versions", "app/db/password"));

        assertEquals("deleted app/db/password (every version)", command.secrets("delete", "app/db/password"));
        assertNull(km.secretValue(PATH));
        assertError("NOT_FOUND", command.secrets("delete", "app/db/password"));
        assertError("NOT_FOUND", command.secrets("versions", "app/db/absent"));
        assertEquals("no secrets", command.secrets("list"));
        assertEquals("wrote app/db/password version 3", command.secrets("put", "app/db/password", "--file", f, "--cas", "0"));
    }

    @Test
    void neverPrintsTheValue() throws Exception {
        String f = valueFile().toString();
        StringBuilder all = new StringBuilder();
        all.append(command.secrets("put", "app/db/password", "--file", f));
        all.append(command.secrets("put", "app/db/password", "--file", f, "--cas", "7"));
        all.append(command.secrets("versions", "app/db/password"));
        all.append(command.secrets("list"));
        all.append(command.secrets("put", "bad path", "--file", f));
        assertFalse(all.toString().contains(VALUE), all.toString());
    }

    @Test
    void refusesBadArguments() throws Exception {
        String f = valueFile().toString();
        assertError("USAGE", command.secrets("put", "app/db/password"));
        assertError("USAGE", command.secrets("put", "app/db/password", "extra", "--file", f));
        assertError("USAGE", command.secrets("put", "app/db/password", "--value", "inline-secret"));
        assertError("USAGE", command.secrets("versions"));
        assertError("USAGE", command.secrets("rm", "app/db/password"));
        assertError("INVALID_ARGUMENT", command.secrets("put", "app/db", "--file", f));
        assertError("INVALID_ARGUMENT", command.secrets("put", "app/db/password", "--file", f, "--cas", "-1"));
        assertError("USAGE", command.secrets("put", "app/db/password", "--file", f, "two"));
        assertError("INVALID_ARGUMENT", command.secrets("versions", "../../etc"));
        assertError("FILE", command.secrets("put", "app/db/password", "--file", dir.resolve("absent").toString()));
        Path empty = Files.createFile(dir.resolve("empty"));
        assertError("INVALID_ARGUMENT", command.secrets("put", "app/db/password", "--file", empty.toString()));
        Path big = dir.resolve("big");
        Files.write(big, new byte[SecretsCommand.MAX_VALUE_BYTES + 1]);
        assertError("INVALID_ARGUMENT", command.secrets("put", "app/db/password", "--file", big.toString()));
        assertNull(km.secretValue(PATH));
        assertTrue(km.actors.isEmpty());
    }
}
