package io.ccl.tee.nitro.nsm;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Linux NSM driver through JNA: {@code open("/dev/nsm", O_RDWR)}, then {@code ioctl(fd,
 * NSM_IOCTL_RAW, &raw)} with (include/uapi/linux/nsm.h, Linux 6.8+; same layout and number as the
 * older out-of-tree {@code nsm_message} driver on 64-bit):
 * <pre>
 * struct nsm_iovec { __u64 addr; __u64 len; };
 * struct nsm_raw { struct nsm_iovec request; struct nsm_iovec response; };   // 32 bytes
 * NSM_IOCTL_RAW = _IOWR(0x0A, 0, struct nsm_raw) = 0xC0200A00
 * </pre>
 * The driver writes the response length back into {@code response.len}. Never exercised on real
 * Nitro hardware by this project's tests (see README).
 */
public final class LinuxNsmDevice implements NsmDevice {
    /** _IOWR(0x0A, 0, 32-byte struct): dir 3 << 30 | size 32 << 16 | type 0x0A << 8 | nr 0. */
    public static final long NSM_IOCTL_RAW = (3L << 30) | (32L << 16) | (0x0AL << 8);
    private static final int O_RDWR = 2;

    interface LibC extends Library {
        int open(String path, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        int ioctl(int fd, NativeLong request, Pointer arg) throws LastErrorException;
    }

    private static final class Lib {
        static final LibC C = com.sun.jna.Native.load("c", LibC.class);
    }

    private final Path device;

    public LinuxNsmDevice(Path device) {
        this.device = device;
    }

    /** True when the device node exists (the attester is only activated then). */
    public static boolean present(Path device) {
        return Files.exists(device);
    }

    @Override
    public synchronized byte[] exchange(byte[] request) throws IOException {
        if (request.length == 0 || request.length > MAX_REQUEST) {
            throw new IOException("NSM request must be 1.." + MAX_REQUEST + " bytes");
        }
        try (Memory req = new Memory(request.length); Memory resp = new Memory(MAX_RESPONSE); Memory raw = new Memory(32)) {
            req.write(0, request, 0, request.length);
            raw.setLong(0, Pointer.nativeValue(req));
            raw.setLong(8, request.length);
            raw.setLong(16, Pointer.nativeValue(resp));
            raw.setLong(24, MAX_RESPONSE);
            int fd = Lib.C.open(device.toString(), O_RDWR);
            try {
                Lib.C.ioctl(fd, new NativeLong(NSM_IOCTL_RAW), raw);
            } finally {
                Lib.C.close(fd);
            }
            long len = raw.getLong(24);
            if (len <= 0 || len > MAX_RESPONSE) {
                throw new IOException("NSM returned a response of " + len + " bytes");
            }
            return resp.getByteArray(0, (int) len);
        } catch (LastErrorException e) {
            throw new IOException("NSM ioctl failed, errno " + e.getErrorCode(), e);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new IOException("JNA or libc is not available: " + e.getMessage(), e);
        }
    }
}
