package io.ccl.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandLineTest {
    @Test
    void parsesPositionalWordsAndOptions() {
        CommandLine cl = CommandLine.parse(new String[] {"3", "--reason", "TEE", "compromised"}, Set.of("--reason"));
        assertEquals(java.util.List.of("3"), cl.positional());
        assertEquals("TEE compromised", cl.option("--reason").orElseThrow());
        assertTrue(CommandLine.parse(new String[0], Set.of("--reason")).option("--reason").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse(new String[] {"--force"}, Set.of("--reason")));
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse(new String[] {"--reason"}, Set.of("--reason")));
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse(new String[] {"--reason", "a", "--reason", "b"},
                Set.of("--reason")));
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse(new String[] {"--file", "a", "b"},
                Set.of("--file")).word("--file"));
    }
}
