package io.ccl.tee.sevsnp.attest;

import io.ccl.tee.api.AttesterException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Requests reports through Linux configfs-tsm (Documentation/ABI/testing/configfs-tsm, Linux 6.7+):
 * one report directory per request under {@code /sys/kernel/config/tsm/report}; check that
 * {@code provider} is {@value #PROVIDER}; write the 64 bytes of report data to {@code inblob};
 * read {@code generation}, {@code outblob} (the ATTESTATION_REPORT) and {@code auxblob} (the
 * certificate table); read {@code generation} again and fail when another writer changed the
 * request meanwhile; remove the directory whatever happened.
 */
public final class TsmReports {
    /** The provider name of the SEV-SNP guest driver. */
    public static final String PROVIDER = "sev_guest";

    /** What the kernel returned. @param outblob the report; @param auxblob the certificate table, possibly empty */
    public record Blobs(byte[] outblob, byte[] auxblob) {
    }

    private final Path root;
    private final Configfs fs;

    public TsmReports(Path root, Configfs fs) {
        this.root = root;
        this.fs = fs;
    }

    /** True when configfs-tsm exists and its provider is {@value #PROVIDER} (probed with a throw-away directory). */
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
            return PROVIDER.equals(text(fs.read(dir.resolve("provider"))));
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

    /** One report for {@code inblob} (64 bytes of report data). */
    public Blobs request(byte[] inblob) throws AttesterException {
        Path dir = root.resolve("ccl-" + UUID.randomUUID());
        try {
            fs.mkdir(dir);
        } catch (IOException | RuntimeException e) {
            throw new AttesterException("cannot create configfs-tsm report " + dir + ": " + e.getMessage(), e);
        }
        AttesterException failure = null;
        try {
            return exchange(dir, inblob);
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

    private Blobs exchange(Path dir, byte[] inblob) throws AttesterException {
        try {
            String provider = text(fs.read(dir.resolve("provider")));
            if (!PROVIDER.equals(provider)) {
                throw new AttesterException("configfs-tsm provider is '" + provider + "', not " + PROVIDER);
            }
            fs.write(dir.resolve("inblob"), inblob);
            long generation = generation(dir);
            byte[] outblob = fs.read(dir.resolve("outblob"));
            byte[] auxblob = auxblob(dir);
            long after = generation(dir);
            if (after != generation) {
                throw new AttesterException("configfs-tsm report was changed by another writer (generation "
                        + generation + " -> " + after + ")");
            }
            if (outblob.length == 0) {
                throw new AttesterException("configfs-tsm returned an empty outblob");
            }
            return new Blobs(outblob, auxblob);
        } catch (IOException | RuntimeException e) {
            throw new AttesterException("configfs-tsm request failed: " + e.getMessage(), e);
        }
    }

    private byte[] auxblob(Path dir) throws IOException {
        try {
            return fs.read(dir.resolve("auxblob"));
        } catch (NoSuchFileException e) {
            return new byte[0];
        }
    }

    private long generation(Path dir) throws IOException, AttesterException {
        String value = text(fs.read(dir.resolve("generation")));
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new AttesterException("configfs-tsm generation is not a number: '" + value + "'");
        }
    }

    private static String text(byte[] attribute) {
        return new String(attribute, StandardCharsets.US_ASCII).trim();
    }
}
