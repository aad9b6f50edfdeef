package io.ccl.tee.tdx.attest;

import io.ccl.tee.api.AttesterException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The Linux configfs-tsm report interface (Documentation/ABI/testing/configfs-tsm-report, Linux 6.7+): create an
 * entry directory under {@code /sys/kernel/config/tsm/report}, check its {@code provider}, write the 64-byte
 * {@code inblob}, read {@code generation}, read {@code outblob} (the quote) and re-read {@code generation} to
 * detect a concurrent writer, then remove the entry.
 */
public final class TsmReport {
    /**
     * Creates and removes entry directories; configfs fills a new entry with its attribute files and removes it
     * whole. Tests substitute a fake that writes canned attribute files.
     */
    public interface Entries {
        void create(Path entry) throws IOException;

        void remove(Path entry) throws IOException;
    }

    /** The real configfs: mkdir and rmdir. */
    public static final Entries CONFIGFS = new Entries() {
        @Override
        public void create(Path entry) throws IOException {
            Files.createDirectory(entry);
        }

        @Override
        public void remove(Path entry) throws IOException {
            Files.deleteIfExists(entry);
        }
    };

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final String provider;
    private final Entries entries;

    /**
     * @param root the configfs-tsm report directory
     * @param provider the provider the entry must report ({@code tdx_guest})
     */
    public TsmReport(Path root, String provider, Entries entries) {
        this.root = root;
        this.provider = provider;
        this.entries = entries;
    }

    /** True when the root exists and a probe entry names the expected provider. */
    public boolean available() {
        if (!Files.isDirectory(root)) {
            return false;
        }
        Path entry = root.resolve("ccl-probe-" + HexFormat.of().formatHex(random(8)));
        try {
            entries.create(entry);
            try {
                return provider.equals(read(entry, "provider"));
            } finally {
                entries.remove(entry);
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Produces the provider's evidence for 64 bytes of report data.
     *
     * @throws AttesterException when the interface is missing, the provider differs or a writer raced us
     */
    public byte[] generate(byte[] inblob) throws AttesterException {
        if (inblob.length != 64) {
            throw new AttesterException("configfs-tsm inblob must be 64 bytes here, was " + inblob.length);
        }
        Path entry = root.resolve("ccl-" + HexFormat.of().formatHex(random(8)));
        try {
            entries.create(entry);
        } catch (IOException e) {
            throw new AttesterException("cannot create configfs-tsm report entry " + entry + ": " + e.getMessage(), e);
        }
        try {
            String actual = read(entry, "provider");
            if (!provider.equals(actual)) {
                throw new AttesterException("configfs-tsm provider is " + actual + ", expected " + provider);
            }
            Files.write(entry.resolve("inblob"), inblob);
            long generation = generation(entry);
            byte[] outblob = Files.readAllBytes(entry.resolve("outblob"));
            long after = generation(entry);
            if (after != generation) {
                throw new AttesterException("configfs-tsm entry " + entry + " was written concurrently (generation "
                        + generation + " became " + after + ")");
            }
            if (outblob.length == 0) {
                throw new AttesterException("configfs-tsm returned an empty outblob");
            }
            return outblob;
        } catch (IOException e) {
            throw new AttesterException("configfs-tsm report failed: " + e.getMessage(), e);
        } finally {
            remove(entry);
        }
    }

    private void remove(Path entry) throws AttesterException {
        try {
            entries.remove(entry);
        } catch (IOException e) {
            throw new AttesterException("cannot remove configfs-tsm report entry " + entry + ": " + e.getMessage(), e);
        }
    }

    private static long generation(Path entry) throws IOException, AttesterException {
        String g = read(entry, "generation");
        try {
            return Long.parseLong(g);
        } catch (NumberFormatException e) {
            throw new AttesterException("configfs-tsm generation is not a number: " + g, e);
        }
    }

    private static String read(Path entry, String attribute) throws IOException {
        return new String(Files.readAllBytes(entry.resolve(attribute)), StandardCharsets.US_ASCII).trim();
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
