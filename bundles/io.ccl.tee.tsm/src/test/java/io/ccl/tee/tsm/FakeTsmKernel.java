package io.ccl.tee.tsm;

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
 * A fake configfs-tsm kernel over a temporary directory, following Documentation/ABI/testing/configfs-tsm:
 * {@code mkdir} creates {@code provider}, {@code generation} (0), {@code inblob}, {@code outblob} and, when the
 * provider has them, {@code auxblob}, {@code privlevel} and {@code privlevel_floor}; every accepted write to
 * {@code inblob} or {@code privlevel} bumps {@code generation}; {@code inblob} takes at most 64 bytes and
 * {@code privlevel} only values in [floor, 3] (else EINVAL); reading {@code outblob} before {@code inblob} was
 * written fails; {@code outblob} is {@code "report:" || privlevel || inblob} so tests see what was bound;
 * {@code rmdir} removes the item with its attributes.
 */
final class FakeTsmKernel implements Configfs {
    private final Configfs disk = Configfs.kernel();
    private final String provider;
    private final byte[] auxblob;
    private final Integer privlevelFloor;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    volatile boolean concurrentWriter;
    volatile boolean writerBeforeUs;
    volatile boolean failRmdir;
    volatile boolean emptyOutblob;
    volatile String generationText;

    /**
     * @param auxblob the auxblob content, or null when the provider has no auxblob attribute
     * @param privlevelFloor the floor, or null when the provider has no privilege levels
     */
    FakeTsmKernel(String provider, byte[] auxblob, Integer privlevelFloor) {
        this.provider = provider;
        this.auxblob = auxblob;
        this.privlevelFloor = privlevelFloor;
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
        if (privlevelFloor != null) {
            Files.write(dir.resolve("privlevel"), new byte[0]);
            Files.write(dir.resolve("privlevel_floor"), (privlevelFloor + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        if (writerBeforeUs) {
            bumpGeneration(dir);
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
            case "outblob": {
                byte[] inblob = Files.readAllBytes(attribute.resolveSibling("inblob"));
                if (inblob.length == 0) {
                    throw new IOException("EINVAL: inblob not written");
                }
                if (concurrentWriter) {
                    bumpGeneration(attribute.getParent());
                }
                if (emptyOutblob) {
                    return new byte[0];
                }
                byte[] level = Files.exists(attribute.resolveSibling("privlevel"))
                        ? Files.readAllBytes(attribute.resolveSibling("privlevel")) : new byte[0];
                byte[] prefix = "report:".getBytes(StandardCharsets.US_ASCII);
                byte[] out = new byte[prefix.length + level.length + inblob.length];
                System.arraycopy(prefix, 0, out, 0, prefix.length);
                System.arraycopy(level, 0, out, prefix.length, level.length);
                System.arraycopy(inblob, 0, out, prefix.length + level.length, inblob.length);
                return out;
            }
            case "auxblob":
                return auxblob.clone();
            case "generation":
                return generationText != null ? generationText.getBytes(StandardCharsets.US_ASCII)
                        : Files.readAllBytes(attribute);
            case "privlevel":
            case "inblob":
                throw new IOException("EACCES: write-only attribute");
            default:
                return Files.readAllBytes(attribute);
        }
    }

    @Override
    public void write(Path attribute, byte[] value) throws IOException {
        String name = attribute.getFileName().toString();
        log.add("write " + name);
        if (!Files.exists(attribute)) {
            throw new NoSuchFileException(attribute.toString());
        }
        switch (name) {
            case "inblob":
                if (value.length > 64) {
                    throw new IOException("EFBIG");
                }
                break;
            case "privlevel":
                int level = Integer.parseInt(new String(value, StandardCharsets.US_ASCII).trim());
                if (level > 3 || level < privlevelFloor) {
                    throw new IOException("EINVAL");
                }
                break;
            default:
                throw new IOException("EACCES: read-only attribute");
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
