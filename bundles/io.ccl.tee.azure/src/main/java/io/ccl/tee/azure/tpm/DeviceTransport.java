package io.ccl.tee.azure.tpm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The Linux TPM character device ({@code /dev/tpmrm0}, the kernel resource manager): one
 * {@code write} of a whole command, then one {@code read} that returns the whole response
 * (drivers/char/tpm/tpm-dev-common.c). The resource manager flushes transient objects and sessions
 * of this file descriptor when it is closed.
 */
public final class DeviceTransport implements TpmTransport {
    private final Path device;
    private final FileChannel channel;

    /** Opens {@code device} for reading and writing. */
    public DeviceTransport(Path device) throws IOException {
        this.device = device;
        this.channel = FileChannel.open(device, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    @Override
    public synchronized byte[] transmit(byte[] command) throws IOException {
        if (command.length > MAX_MESSAGE) {
            throw new IOException("TPM command of " + command.length + " bytes exceeds " + MAX_MESSAGE);
        }
        int written = channel.write(ByteBuffer.wrap(command));
        if (written != command.length) {
            throw new IOException(device + " accepted " + written + " of " + command.length + " command bytes");
        }
        ByteBuffer response = ByteBuffer.allocate(MAX_MESSAGE);
        int read = channel.read(response);
        return TpmTransport.checkedResponse(response.array(), Math.max(read, 0));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return device.toString();
    }
}
