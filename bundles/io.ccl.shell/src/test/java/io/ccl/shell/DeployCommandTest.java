package io.ccl.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DeployCommandTest {
    @Test
    void urlsStayAndPathsBecomeFileUrls() {
        assertEquals("https://example.invalid/x.jar", DeployCommand.location("https://example.invalid/x.jar"));
        assertEquals("file:/tmp/x.jar", DeployCommand.location("file:/tmp/x.jar"));
        assertEquals(Path.of("deploy/x.jar").toAbsolutePath().toUri().toString(), DeployCommand.location("deploy/x.jar"));
        assertEquals(Path.of("/tmp/y.jar").toUri().toString(), DeployCommand.location("/tmp/y.jar"));
    }
}
