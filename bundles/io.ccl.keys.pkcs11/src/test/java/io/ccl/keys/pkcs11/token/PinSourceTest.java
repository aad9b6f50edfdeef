package io.ccl.keys.pkcs11.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the PIN from a file or the environment; runs without a token. */
class PinSourceTest {
    @TempDir
    Path dir;

    @Test
    void readsAFileWithoutItsLineBreak() throws Exception {
        for (String content : new String[] {"12345678", "12345678\n", "12345678\r\n", "12345678\n\n"}) {
            Path file = dir.resolve("pin");
            write(file, content.getBytes(StandardCharsets.UTF_8));
            assertArrayEquals("12345678".toCharArray(), PinSource.file(file).read(), content);
        }
        Path utf8 = dir.resolve("pin-utf8");
        write(utf8, "pä55\n".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("pä55".toCharArray(), PinSource.file(utf8).read());
    }

    @Test
    void refusesMissingEmptyAndInvalidFiles() throws Exception {
        assertRefused(PinSource.file(dir.resolve("absent")));
        write(dir.resolve("empty"), new byte[] {'\n'});
        assertRefused(PinSource.file(dir.resolve("empty")));
        write(dir.resolve("latin1"), new byte[] {'p', (byte) 0xe4, '\n'});
        assertRefused(PinSource.file(dir.resolve("latin1")));
        write(dir.resolve("huge"), new byte[300]);
        assertRefused(PinSource.file(dir.resolve("huge")));
    }

    @Test
    void readsTheEnvironmentAndNeverShowsThePin() throws Exception {
        Map<String, String> environment = Map.of("HSM_PIN", "s3cret-pin", "EMPTY", "");
        PinSource source = PinSource.environment("HSM_PIN", environment::get);
        assertArrayEquals("s3cret-pin".toCharArray(), source.read());
        assertEquals("environment variable HSM_PIN", source.toString());
        assertFalse(source.describe().contains("s3cret"));
        assertRefused(PinSource.environment("EMPTY", environment::get));
        assertRefused(PinSource.environment("UNSET", environment::get));
    }

    /** Writes a PIN file the way an operator should: rw------- (the store warns otherwise). */
    private static void write(Path file, byte[] content) throws Exception {
        Files.write(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private static void assertRefused(PinSource source) {
        KeyStorageException e = assertThrows(KeyStorageException.class, source::read);
        assertEquals(Reason.UNAVAILABLE, e.reason());
    }
}
