package io.ccl.tee.azure.tpm;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Reads a TPM 2.0 response (Part 1 §18.2, Part 3 §5): checks the response code, then gives the
 * response handles and parameters in order, big-endian. For a command with sessions the parameter
 * area is bounded by its {@code parameterSize} and the authorization area after it is skipped (password
 * sessions carry nothing to check). Any read past the area is an {@link IOException}: a TPM
 * response is untrusted input like any other.
 */
public final class TpmResponse {
    private final ByteBuffer buffer;
    private final int end;
    private final boolean sessions;
    private int[] responseHandles = new int[0];

    private TpmResponse(ByteBuffer buffer, int end, boolean sessions) {
        this.buffer = buffer;
        this.end = end;
        this.sessions = sessions;
    }

    /**
     * Parses {@code response} to {@code command}; {@code handles} is the number of response handles
     * the command returns (Part 3, each command's "Response" table).
     */
    public static TpmResponse of(TpmCommand command, byte[] response, int handles) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(response);
        int tag = b.getShort(0) & 0xffff;
        int rc = b.getInt(6);
        if (rc != 0) {
            throw new TpmException(command.code(), rc);
        }
        boolean sessions = tag == TpmCommand.TPM_ST_SESSIONS;
        if (!sessions && tag != TpmCommand.TPM_ST_NO_SESSIONS) {
            throw new IOException(String.format("TPM response tag 0x%04X is not TPM_ST_(NO_)SESSIONS", tag));
        }
        b.position(10);
        TpmResponse r = new TpmResponse(b, response.length, sessions);
        r.readHandles(handles);
        return r;
    }

    private void readHandles(int n) throws IOException {
        responseHandles = new int[n];
        for (int i = 0; i < n; i++) {
            responseHandles[i] = u32();
        }
        if (sessions) {
            long parameterSize = Integer.toUnsignedLong(u32());
            if (parameterSize > end - buffer.position()) {
                throw new IOException("TPM response parameterSize " + parameterSize + " exceeds the response");
            }
            buffer.limit(buffer.position() + (int) parameterSize);
        }
    }

    /** Response handle {@code i} (e.g. the object handle of TPM2_CreatePrimary). */
    public int handle(int i) {
        if (i >= responseHandles.length) {
            throw new IndexOutOfBoundsException("response handle " + i);
        }
        return responseHandles[i];
    }

    public int u8() throws IOException {
        try {
            return buffer.get() & 0xff;
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    public int u16() throws IOException {
        try {
            return buffer.getShort() & 0xffff;
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    public int u32() throws IOException {
        try {
            return buffer.getInt();
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    /** {@code n} raw bytes. */
    public byte[] bytes(int n) throws IOException {
        if (n < 0 || n > buffer.remaining()) {
            throw truncated();
        }
        byte[] out = new byte[n];
        buffer.get(out);
        return out;
    }

    /** A TPM2B of at most {@code max} bytes. */
    public byte[] sized(int max) throws IOException {
        int n = u16();
        if (n > max) {
            throw new IOException("TPM2B of " + n + " bytes in a TPM response, at most " + max);
        }
        return bytes(n);
    }

    /** Parameter bytes not yet read. */
    public int remaining() {
        return buffer.remaining();
    }

    private static IOException truncated() {
        return new IOException("TPM response is shorter than its structures");
    }
}
