package io.ccl.tee.sevsnp.attest;

import io.ccl.tee.tsm.Configfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * A fake kernel behind a configfs-tsm directory tree in a temporary directory: {@code mkdir}
 * creates the attribute files (provider, generation, inblob, outblob, auxblob) as configfs does,
 * writing {@code inblob} bumps {@code generation}, reading {@code outblob} returns a canned real
 * report (so it cannot carry new report data), and {@code rmdir} removes the item with its
 * attributes. A "concurrent writer" can bump the generation while the report is read.
 */
final class FakeTsmKernel implements Configfs {
    private final Configfs disk = Configfs.kernel();
    private final byte[] outblob;
    private final byte[] auxblob;
    private final String provider;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    volatile boolean concurrentWriter;
    volatile boolean failRmdir;

    FakeTsmKernel(String provider, byte[] outblob, byte[] auxblob) {
        this.provider = provider;
        this.outblob = outblob;
        this.auxblob = auxblob;
    }

    List<String> log() {
        return List.copyOf(log);
    }

    @Override
    public boolean isDirectory(Path dir) {
        return disk.isDirectory(dir);
    }

    @Override
    public void mkdir(Path dir) throws IOException {
        log.add("mkdir");
        Files.createDirectory(dir);
        Files.write(dir.resolve("provider"), (provider + "\n").getBytes(StandardCharsets.US_ASCII));
        Files.write(dir.resolve("generation"), "0\n".getBytes(StandardCharsets.US_ASCII));
        Files.write(dir.resolve("inblob"), new byte[0]);
        Files.write(dir.resolve("outblob"), new byte[0]);
        if (auxblob != null) {
            Files.write(dir.resolve("auxblob"), new byte[0]);
        }
    }

    @Override
    public void rmdir(Path dir) throws IOException {
        log.add("rmdir");
        if (failRmdir) {
            throw new IOException("device busy");
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @Override
    public byte[] read(Path attribute) throws IOException {
        String name = attribute.getFileName().toString();
        log.add("read " + name);
        if (!Files.exists(attribute)) {
            throw new NoSuchFileException(attribute.toString());
        }
        switch (name) {
            case "outblob":
                if (Files.size(attribute.resolveSibling("inblob")) != 64) {
                    throw new IOException("inblob not written");
                }
                if (concurrentWriter) {
                    bumpGeneration(attribute.getParent());
                }
                return outblob.clone();
            case "auxblob":
                return auxblob.clone();
            default:
                return Files.readAllBytes(attribute);
        }
    }

    @Override
    public void write(Path attribute, byte[] value) throws IOException {
        String name = attribute.getFileName().toString();
        log.add("write " + name);
        if (!name.equals("inblob") || value.length > 64) {
            throw new IOException("EINVAL");
        }
        Files.write(attribute, value);
        bumpGeneration(attribute.getParent());
    }

    private static void bumpGeneration(Path dir) throws IOException {
        Path gen = dir.resolve("generation");
        long g = Long.parseLong(new String(Files.readAllBytes(gen), StandardCharsets.US_ASCII).trim());
        Files.write(gen, (g + 1 + "\n").getBytes(StandardCharsets.US_ASCII));
    }
}
