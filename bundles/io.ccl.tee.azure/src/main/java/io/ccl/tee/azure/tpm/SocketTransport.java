package io.ccl.tee.azure.tpm;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A software TPM's Unix socket carrying raw TPM 2.0 commands, as swtpm's data channel does
 * ({@code swtpm socket --tpm2 --server type=unixio,path=…}): for staging hosts and tests that stand
 * in a software TPM for the vTPM. Unlike the character device, a stream has no message boundaries,
 * so the response's header size (Part 1 §18.2) says how much to read.
 */
public final class SocketTransport implements TpmTransport {
    private final Path socket;
    private final SocketChannel channel;

    public SocketTransport(Path socket) throws IOException {
        this.socket = socket;
        this.channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public synchronized byte[] transmit(byte[] command) throws IOException {
        if (command.length > MAX_MESSAGE) {
            throw new IOException("TPM command of " + command.length + " bytes exceeds " + MAX_MESSAGE);
        }
        ByteBuffer out = ByteBuffer.wrap(command);
        while (out.hasRemaining()) {
            channel.write(out);
        }
        ByteBuffer header = ByteBuffer.allocate(10);
        readFully(header);
        int size = header.getInt(2);
        if (size < 10 || size > MAX_MESSAGE) {
            throw new IOException("TPM response declares " + Integer.toUnsignedString(size) + " bytes");
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        all.put(header.array());
        readFully(all);
        return TpmTransport.checkedResponse(all.array(), size);
    }

    private void readFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new IOException(socket + " closed the connection mid-response");
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "unix:" + socket;
    }
}
