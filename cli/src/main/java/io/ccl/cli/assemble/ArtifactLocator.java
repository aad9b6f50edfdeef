package io.ccl.cli.assemble;

import io.ccl.cli.assemble.FeatureCatalog.Artifact;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds an artifact's jar: first in the reactor ({@code bundles/<artifactId>/target/}, the jar the
 * checkout just built), then in the local Maven repository. It never downloads.
 */
final class ArtifactLocator {
    private final Path root;
    private final Path repository;

    ArtifactLocator(Path root, Path repository) {
        this.root = root;
        this.repository = repository;
    }

    Path locate(Artifact a) throws AssemblyException {
        String file = a.artifactId() + "-" + a.version() + ".jar";
        Path reactor = root.resolve("bundles").resolve(a.artifactId()).resolve("target").resolve(file);
        if (Files.isRegularFile(reactor)) {
            return reactor;
        }
        Path local = repository.resolve(a.groupId().replace('.', '/')).resolve(a.artifactId()).resolve(a.version())
                .resolve(file);
        if (Files.isRegularFile(local)) {
            return local;
        }
        throw new AssemblyException(a + " is neither built in the reactor (" + root.relativize(reactor)
                + ") nor in the local Maven repository (" + repository + "); build it first: mvn -B install -DskipTests");
    }
}
