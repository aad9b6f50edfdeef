package io.ccl.tee.cca.attest;

import io.ccl.tee.tsm.Configfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A fake kernel behind a configfs-tsm directory tree in a temporary directory: {@code mkdir}
 * creates the attribute files (provider, generation, inblob, outblob) as configfs does, writing
 * {@code inblob} bumps {@code generation}, reading {@code outblob} asks a token factory for a
 * token over the written challenge (a synthetic realm signing with test keys), and {@code rmdir}
 * removes the item with its attributes.
 */
public final class FakeCcaKernel implements Configfs {
    private final Configfs disk = Configfs.kernel();
    private final String provider;
    private final Function<byte[], byte[]> tokens;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    public volatile boolean concurrentWriter;

    public FakeCcaKernel(String provider, Function<byte[], byte[]> tokens) {
        this.provider = provider;
        this.tokens = tokens;
    }

    public List<String> log() {
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
    }

    @Override
    public void rmdir(Path dir) throws IOException {
        log.add("rmdir");
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
        if (name.equals("outblob")) {
            byte[] inblob = Files.readAllBytes(attribute.resolveSibling("inblob"));
            if (inblob.length != 64) {
                throw new IOException("inblob not written");
            }
            if (concurrentWriter) {
                Path gen = attribute.resolveSibling("generation");
                long g = Long.parseLong(new String(Files.readAllBytes(gen), StandardCharsets.US_ASCII).trim());
                Files.write(gen, (g + 1 + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            return tokens.apply(inblob);
        }
        return Files.readAllBytes(attribute);
    }

    @Override
    public void write(Path attribute, byte[] value) throws IOException {
        String name = attribute.getFileName().toString();
        log.add("write " + name);
        if (!name.equals("inblob") || value.length > 64) {
            throw new IOException("EINVAL");
        }
        Files.write(attribute, value);
        Path gen = attribute.resolveSibling("generation");
        long g = Long.parseLong(new String(Files.readAllBytes(gen), StandardCharsets.US_ASCII).trim());
        Files.write(gen, (g + 1 + "\n").getBytes(StandardCharsets.US_ASCII));
    }
}
