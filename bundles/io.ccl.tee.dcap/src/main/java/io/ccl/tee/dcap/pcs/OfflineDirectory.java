package io.ccl.tee.dcap.pcs;

import io.ccl.tee.api.Collateral;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Collateral kept in a directory (for air-gapped verifiers): every regular file directly inside is offered as a
 * piece named by its file name, recognised by content. Files are re-read when their size or modification time
 * changes.
 */
public final class OfflineDirectory implements CollateralSource {
    private static final long MAX_FILE = 4L << 20;

    private final Path directory;
    private volatile Snapshot snapshot = new Snapshot(List.of(), List.of());

    private record Snapshot(List<String> stamps, List<Collateral> pieces) {
    }

    public OfflineDirectory(Path directory) {
        this.directory = directory;
    }

    @Override
    public List<Collateral> always() {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> regular = files.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList();
            List<String> stamps = new ArrayList<>();
            for (Path p : regular) {
                stamps.add(p + ":" + Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis());
            }
            Snapshot current = snapshot;
            if (current.stamps().equals(stamps)) {
                return current.pieces();
            }
            List<Collateral> pieces = new ArrayList<>();
            for (Path p : regular) {
                if (Files.size(p) <= MAX_FILE) {
                    pieces.add(new Collateral(p.getFileName().toString(), Files.readAllBytes(p)));
                }
            }
            snapshot = new Snapshot(List.copyOf(stamps), List.copyOf(pieces));
            return snapshot.pieces();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    @Override
    public String toString() {
        return "offline collateral directory " + directory;
    }
}
