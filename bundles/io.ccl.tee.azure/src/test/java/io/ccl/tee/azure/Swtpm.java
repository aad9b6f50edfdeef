package io.ccl.tee.azure;

import static org.junit.jupiter.api.Assertions.fail;

import io.ccl.tee.azure.tpm.TpmTransport;
import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real software TPM 2.0 for tests: swtpm (Debian package {@code swtpm}, libtpms) started in socket
 * mode on a Unix socket with a fresh state directory, already initialised and started up
 * ({@code --flags not-need-init,startup-clear}). The data channel carries raw TPM commands.
 * Without swtpm on the PATH the test is skipped, unless {@code CCL_REQUIRE_SWTPM=1} (CI), where it
 * fails.
 */
final class Swtpm implements TpmTransport {
    private final Path dir;
    private final Process process;
    private final SocketChannel channel;

    private Swtpm(Path dir, Process process, SocketChannel channel) {
        this.dir = dir;
        this.process = process;
        this.channel = channel;
    }

    static Swtpm start() throws IOException, InterruptedException {
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
                "--terminate", "--log", "file=" + dir.resolve("swtpm.log"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("swtpm.out").toFile()).start();
        for (int i = 0; i < 200 && !Files.exists(socket); i++) {
            if (!p.isAlive()) {
                throw new IOException("swtpm exited with " + p.exitValue() + ": " + Files.readString(dir.resolve("swtpm.out")));
            }
            Thread.sleep(25);
        }
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        return new Swtpm(dir, p, ch);
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

    /** One command, then the response: its 10-byte header says how much follows (Part 1 §18.2). */
    @Override
    public synchronized byte[] transmit(byte[] command) throws IOException {
        channel.write(ByteBuffer.wrap(command));
        ByteBuffer header = ByteBuffer.allocate(10);
        readFully(header);
        int size = header.getInt(2);
        if (size < 10 || size > MAX_MESSAGE) {
            throw new IOException("swtpm response size " + size);
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        all.put(header.array());
        readFully(all);
        return TpmTransport.checkedResponse(all.array(), size);
    }

    private void readFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new IOException("swtpm closed the connection");
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
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
