package io.ccl.tee.azure;

import static org.junit.jupiter.api.Assertions.fail;

import io.ccl.tee.azure.tpm.SocketTransport;
import io.ccl.tee.azure.tpm.TpmTransport;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real software TPM 2.0 for tests: swtpm (Debian package {@code swtpm}, libtpms) started in socket
 * mode on a Unix socket with a fresh state directory, already initialised and started up
 * ({@code --flags not-need-init,startup-clear}). The data channel carries raw TPM commands; swtpm
 * serves one connection at a time. As a {@link TpmTransport} it uses one connection it opens on first
 * use and closes on {@link #disconnect()} (so that another client, such as the runtime under test, can
 * connect). Without swtpm on the PATH the test is skipped, unless {@code CCL_REQUIRE_SWTPM=1} (CI),
 * where it fails.
 */
public final class Swtpm implements TpmTransport {
    private final Path dir;
    private final Path socket;
    private final Process process;
    private SocketTransport connection;

    private Swtpm(Path dir, Path socket, Process process) {
        this.dir = dir;
        this.socket = socket;
        this.process = process;
    }

    public static Swtpm start() throws IOException, InterruptedException {
        String binary = onPath("swtpm");
        if (binary == null) {
            if ("1".equals(System.getenv("CCL_REQUIRE_SWTPM"))) {
                fail("swtpm is required (CCL_REQUIRE_SWTPM=1) but not on the PATH; apt-get install swtpm");
            }
            Assumptions.abort("swtpm not installed (apt-get install swtpm)");
        }
        Path dir = Files.createTempDirectory("ccl-swtpm");
        Path state = Files.createDirectory(dir.resolve("state"));
        Path socket = dir.resolve("tpm.sock");
        Process p = new ProcessBuilder(binary, "socket", "--tpm2", "--tpmstate", "dir=" + state,
                "--server", "type=unixio,path=" + socket, "--flags", "not-need-init,startup-clear",
                "--log", "file=" + dir.resolve("swtpm.log"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("swtpm.out").toFile()).start();
        for (int i = 0; i < 200 && !Files.exists(socket); i++) {
            if (!p.isAlive()) {
                throw new IOException("swtpm exited with " + p.exitValue() + ": " + Files.readString(dir.resolve("swtpm.out")));
            }
            Thread.sleep(25);
        }
        return new Swtpm(dir, socket, p);
    }

    private static String onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /** Where a client connects: {@code unix:/…/tpm.sock}, the attester's {@code device} syntax. */
    public String location() {
        return "unix:" + socket;
    }

    @Override
    public synchronized byte[] transmit(byte[] command) throws IOException {
        if (connection == null) {
            connection = new SocketTransport(socket);
        }
        return connection.transmit(command);
    }

    /** Closes this harness's own connection, freeing swtpm for the next client. */
    public synchronized void disconnect() throws IOException {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    @Override
    public void close() throws IOException {
        disconnect();
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
