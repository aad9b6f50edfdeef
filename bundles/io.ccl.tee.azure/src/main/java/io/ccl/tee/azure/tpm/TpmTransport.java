package io.ccl.tee.azure.tpm;

import java.io.Closeable;
import java.io.IOException;

/**
 * Carries one marshalled TPM 2.0 command to a TPM and returns its whole response (TPM 2.0 Library
 * Part 3 §5: a 10-byte header of tag, size and code/response code, then the body). Implementations
 * serialise callers: a TPM processes one command at a time.
 */
public interface TpmTransport extends Closeable {
    /** Largest command or response the Linux TPM driver passes (TPM_BUFSIZE). */
    int MAX_MESSAGE = 4096;

    /** Sends {@code command} and returns the response, whose header size has been checked. */
    byte[] transmit(byte[] command) throws IOException;

    /**
     * Opens {@code location}: {@code unix:/path} is a software TPM's socket ({@link SocketTransport}),
     * anything else a TPM character device such as {@code /dev/tpmrm0} ({@link DeviceTransport}).
     */
    static TpmTransport open(String location) throws IOException {
        return location.startsWith("unix:") ? new SocketTransport(java.nio.file.Path.of(location.substring(5)))
                : new DeviceTransport(java.nio.file.Path.of(location));
    }

    /** Checks a response header's size field against the bytes received (Part 1 §18.2: responseSize). */
    static byte[] checkedResponse(byte[] response, int length) throws IOException {
        if (length < 10) {
            throw new IOException("TPM response of " + length + " bytes is shorter than its header");
        }
        long declared = ((response[2] & 0xffL) << 24) | ((response[3] & 0xff) << 16) | ((response[4] & 0xff) << 8)
                | (response[5] & 0xff);
        if (declared != length) {
            throw new IOException("TPM response declares " + declared + " bytes but " + length + " arrived");
        }
        return java.util.Arrays.copyOf(response, length);
    }
}
