package io.ccl.tee.cca.attest;

import io.ccl.tee.api.AttesterException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Requests CCA attestation tokens through Linux configfs-tsm (Documentation/ABI/testing/configfs-tsm,
 * Linux 6.7+; the {@code arm-cca-guest} driver since 6.13): one report directory per request under
 * {@code /sys/kernel/config/tsm/report}; check that {@code provider} is {@value #PROVIDER}; write
 * the 64-byte realm challenge to {@code inblob}; read {@code generation} and {@code outblob} (the
 * CBOR-tagged CCA token: platform + realm token); read {@code generation} again and fail when
 * another writer changed the request meanwhile; remove the directory whatever happened.
 *
 * <p>Same protocol and shape as {@code io.ccl.tee.sevsnp.attest.TsmReports}, which is private to
 * the SEV-SNP bundle (duplicated here, minus the SEV-SNP certificate-table {@code auxblob}).
 */
public final class TsmReports {
    /** The provider name of the Arm CCA realm guest driver. */
    public static final String PROVIDER = "arm_cca_guest";
    /** The {@code inblob} size: the realm challenge is 64 bytes (RMM 1.0 RSI_ATTESTATION_TOKEN_INIT). */
    public static final int INBLOB_SIZE = 64;

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

    /** One token for {@code inblob} (the 64-byte realm challenge). */
    public byte[] request(byte[] inblob) throws AttesterException {
        if (inblob.length != INBLOB_SIZE) {
            throw new AttesterException("the realm challenge must be " + INBLOB_SIZE + " bytes, not " + inblob.length);
        }
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

    private byte[] exchange(Path dir, byte[] inblob) throws AttesterException {
        try {
            String provider = text(fs.read(dir.resolve("provider")));
            if (!PROVIDER.equals(provider)) {
                throw new AttesterException("configfs-tsm provider is '" + provider + "', not " + PROVIDER);
            }
            fs.write(dir.resolve("inblob"), inblob);
            long generation = generation(dir);
            byte[] outblob = fs.read(dir.resolve("outblob"));
            long after = generation(dir);
            if (after != generation) {
                throw new AttesterException("configfs-tsm report was changed by another writer (generation "
                        + generation + " -> " + after + ")");
            }
            if (outblob.length == 0) {
                throw new AttesterException("configfs-tsm returned an empty outblob");
            }
            return outblob;
        } catch (IOException | RuntimeException e) {
            throw new AttesterException("configfs-tsm request failed: " + e.getMessage(), e);
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
