package io.ccl.tee.tsm;

import io.ccl.tee.api.AttesterException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;

/**
 * Requests reports through Linux configfs-tsm (Documentation/ABI/testing/configfs-tsm, Linux 6.7+).
 * For each request: create a report directory under the root (normally {@value #DEFAULT_ROOT});
 * check that {@code provider} names the expected TSM driver ({@code sev_guest}, {@code tdx_guest},
 * {@code arm_cca_guest}) before writing anything; optionally write {@code privlevel}; write
 * {@code inblob}; read {@code generation} and check it counts exactly our writes; read
 * {@code outblob} and, when asked, {@code auxblob}; read {@code generation} again and fail when
 * another writer changed the request meanwhile; remove the directory whatever happened.
 *
 * <p>Every failure is an {@link AttesterException}; nothing is retried and no partial report is
 * returned. Messages name attributes and sizes, never the inblob or the report bytes.
 */
public final class TsmReports {
    /** Where the kernel mounts the report group. */
    public static final String DEFAULT_ROOT = "/sys/kernel/config/tsm/report";
    /** The most {@code inblob} bytes the kernel accepts (TSM_INBLOB_MAX). */
    public static final int INBLOB_MAX = 64;
    /** The highest {@code privlevel} the kernel accepts (TSM_PRIVLEVEL_MAX). */
    public static final int PRIVLEVEL_MAX = 3;

    /**
     * One request.
     *
     * @param inblob 1 to {@value #INBLOB_MAX} bytes of caller data (report data, nonce, challenge)
     * @param auxblob whether to read {@code auxblob} (absent attribute → empty)
     * @param privlevel the privilege level to write first, or -1 to leave the provider default
     */
    public record Request(byte[] inblob, boolean auxblob, int privlevel) {
        public Request {
            Objects.requireNonNull(inblob, "inblob");
            inblob = inblob.clone();
        }

        /** Only {@code inblob}; {@code auxblob} is not read and {@code privlevel} not written. */
        public static Request of(byte[] inblob) {
            return new Request(inblob, false, -1);
        }

        /** The same request that also reads {@code auxblob}. */
        public Request withAuxblob() {
            return new Request(inblob, true, privlevel);
        }

        /** The same request at privilege level {@code level} (SEV-SNP: the VMPL). */
        public Request withPrivlevel(int level) {
            return new Request(inblob, auxblob, level);
        }

        @Override
        public byte[] inblob() {
            return inblob.clone();
        }

        @Override
        public String toString() {
            return "Request[inblob=" + inblob.length + " bytes, auxblob=" + auxblob + ", privlevel=" + privlevel + "]";
        }
    }

    private final Path root;
    private final String provider;
    private final Configfs fs;

    /**
     * @param root the configfs-tsm report directory
     * @param provider the {@code provider} value every report directory must show
     * @param fs the file operations ({@link Configfs#kernel()}; a fake in tests)
     */
    public TsmReports(Path root, String provider, Configfs fs) {
        this.root = Objects.requireNonNull(root, "root");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.fs = Objects.requireNonNull(fs, "fs");
    }

    /** The provider this instance insists on. */
    public String provider() {
        return provider;
    }

    /** True when configfs-tsm exists and its provider is the expected one (probed with a throw-away directory). */
    public boolean available() {
        if (!fs.isDirectory(root)) {
            return false;
        }
        Path dir = root.resolve("ccl-probe-" + UUID.randomUUID());
        try {
            fs.mkdir(dir);
        } catch (IOException | RuntimeException e) {
            return false;
        }
        try {
            return provider.equals(text(fs.read(dir.resolve("provider"))));
        } catch (IOException | RuntimeException e) {
            return false;
        } finally {
            try {
                fs.rmdir(dir);
            } catch (IOException | RuntimeException e) {
                // nothing more to do for a probe directory
            }
        }
    }

    /** One report for {@code inblob}; {@code auxblob} is not read. */
    public TsmReport request(byte[] inblob) throws AttesterException {
        return request(Request.of(inblob));
    }

    /** One report as {@code request} describes. */
    public TsmReport request(Request request) throws AttesterException {
        int length = request.inblob.length;
        if (length == 0 || length > INBLOB_MAX) {
            throw new AttesterException("configfs-tsm inblob must be 1 to " + INBLOB_MAX + " bytes, not " + length);
        }
        if (request.privlevel < -1 || request.privlevel > PRIVLEVEL_MAX) {
            throw new AttesterException("configfs-tsm privlevel must be 0 to " + PRIVLEVEL_MAX + ", not "
                    + request.privlevel);
        }
        Path dir = root.resolve("ccl-" + UUID.randomUUID());
        try {
            fs.mkdir(dir);
        } catch (IOException | RuntimeException e) {
            throw new AttesterException("cannot create configfs-tsm report " + dir + ": " + e.getMessage(), e);
        }
        AttesterException failure = null;
        try {
            return exchange(dir, request);
        } catch (AttesterException e) {
            failure = e;
            throw e;
        } finally {
            try {
                fs.rmdir(dir);
            } catch (IOException | RuntimeException e) {
                AttesterException cleanup = new AttesterException("cannot remove configfs-tsm report " + dir, e);
                if (failure != null) {
                    failure.addSuppressed(cleanup);
                } else {
                    throw cleanup;
                }
            }
        }
    }

    private TsmReport exchange(Path dir, Request request) throws AttesterException {
        try {
            String actual = text(fs.read(dir.resolve("provider")));
            if (!provider.equals(actual)) {
                throw new AttesterException("configfs-tsm provider is '" + actual + "', expected " + provider);
            }
            long writes = 0;
            if (request.privlevel >= 0) {
                writePrivlevel(dir, request.privlevel);
                writes++;
            }
            fs.write(dir.resolve("inblob"), request.inblob);
            writes++;
            // ABI: generation counts the writes to inblob and the options of this report directory (0 when
            // created); any other count means another writer shares the directory.
            long generation = generation(dir);
            if (generation != writes) {
                throw new AttesterException("configfs-tsm report was changed by another writer (generation "
                        + generation + " after " + writes + " writes)");
            }
            byte[] outblob = fs.read(dir.resolve("outblob"));
            byte[] auxblob = request.auxblob ? auxblob(dir) : new byte[0];
            long after = generation(dir);
            if (after != generation) {
                throw new AttesterException("configfs-tsm report was changed by another writer (generation "
                        + generation + " -> " + after + ")");
            }
            if (outblob.length == 0) {
                throw new AttesterException("configfs-tsm returned an empty outblob");
            }
            return new TsmReport(outblob, auxblob);
        } catch (IOException | RuntimeException e) {
            throw new AttesterException("configfs-tsm request failed: " + e.getMessage(), e);
        }
    }

    private void writePrivlevel(Path dir, int level) throws IOException, AttesterException {
        // ABI: privlevel is visible only when the provider has privilege levels; privlevel_floor is the lowest
        // value it accepts. Refuse here with a clear reason instead of the kernel's bare EINVAL.
        long floor;
        try {
            floor = number(fs.read(dir.resolve("privlevel_floor")), "privlevel_floor");
        } catch (NoSuchFileException e) {
            throw new AttesterException("configfs-tsm provider " + provider + " has no privlevel", e);
        }
        if (level < floor) {
            throw new AttesterException("configfs-tsm privlevel " + level + " is below privlevel_floor " + floor);
        }
        fs.write(dir.resolve("privlevel"), Integer.toString(level).getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] auxblob(Path dir) throws IOException {
        try {
            return fs.read(dir.resolve("auxblob"));
        } catch (NoSuchFileException e) {
            return new byte[0];
        }
    }

    private long generation(Path dir) throws IOException, AttesterException {
        return number(fs.read(dir.resolve("generation")), "generation");
    }

    private static long number(byte[] attribute, String name) throws AttesterException {
        String value = text(attribute);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new AttesterException("configfs-tsm " + name + " is not a number: '" + value + "'");
        }
    }

    private static String text(byte[] attribute) {
        return new String(attribute, StandardCharsets.US_ASCII).trim();
    }
}
