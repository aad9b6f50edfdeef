package io.ccl.tee.tdx.attest;

import io.ccl.tee.tsm.Configfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A configfs-tsm stand-in on a plain directory: a new entry gets the attribute files configfs would show
 * ({@code provider}, {@code generation}, an empty {@code inblob}, a canned {@code outblob}). It records what the
 * attester wrote to {@code inblob} before the entry is removed. Canned outblobs mean it checks the protocol, not
 * the report-data binding.
 */
final class FakeConfigfsTsm implements Configfs {
    private final String provider;
    private final byte[] outblob;
    final List<byte[]> inblobs = new ArrayList<>();
    final List<Path> removed = new ArrayList<>();

    FakeConfigfsTsm(String provider, byte[] outblob) {
        this.provider = provider;
        this.outblob = outblob;
    }

    @Override
    public boolean isDirectory(Path dir) {
        return Files.isDirectory(dir);
    }

    @Override
    public void mkdir(Path entry) throws IOException {
        Files.createDirectory(entry);
        Files.write(entry.resolve("provider"), (provider + "\n").getBytes(StandardCharsets.US_ASCII));
        Files.write(entry.resolve("generation"), "1\n".getBytes(StandardCharsets.US_ASCII));
        Files.write(entry.resolve("inblob"), new byte[0]);
        Files.write(entry.resolve("outblob"), outblob);
    }

    @Override
    public void rmdir(Path entry) throws IOException {
        if (Files.exists(entry.resolve("inblob"))) {
            inblobs.add(Files.readAllBytes(entry.resolve("inblob")));
        }
        try (Stream<Path> files = Files.walk(entry)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        removed.add(entry);
    }

    @Override
    public byte[] read(Path attribute) throws IOException {
        return Files.readAllBytes(attribute);
    }

    @Override
    public void write(Path attribute, byte[] value) throws IOException {
        Files.write(attribute, value);
    }
}
