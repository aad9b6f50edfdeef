package io.ccl.keys.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.keys.api.KeyInfo;
import io.ccl.keys.api.KeyVersion;
import io.ccl.keys.api.KeyVersionState;
import io.ccl.keys.api.Secret;
import io.ccl.keys.api.SecretVersion;
import io.ccl.keys.pkcs11.layout.Labels;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Kills a writer process ({@link CrashWriter}) with SIGKILL at random moments while it rotates
 * and revokes key versions and writes and destroys secret versions on the SoftHSM2 token, then
 * reopens the store and checks that every acknowledged change is there, that nothing half-done
 * is visible, and that no leftover object survives the start.
 */
class CrashKillTest {
    private static final int ROUNDS = 4;

    @Test
    void aKilledWriterLeavesTheOldOrTheNewStateAndNoLeftovers() throws Exception {
        SoftHsmToken token = SoftHsmToken.get();
        String namespace = SoftHsmToken.freshNamespace();
        Labels labels = new Labels(namespace);
        Random random = new Random();
        Map<Integer, byte[]> acknowledgedPuts = new HashMap<>();
        Set<Integer> destroyAttempts = new HashSet<>();
        Set<Integer> acknowledgedDestroys = new HashSet<>();
        Set<Integer> acknowledgedRevokes = new HashSet<>();
        int acknowledgedRotation = 1;
        for (int round = 0; round < ROUNDS; round++) {
            Process child = start(token, namespace);
            int maxRotation = acknowledgedRotation;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                assertEquals("READY", out.readLine(), "the writer started");
                int stopAfter = 3 + random.nextInt(30);
                for (int i = 0; i < stopAfter; i++) {
                    String line = out.readLine();
                    assertNotNull(line, "the writer died by itself");
                    String[] parts = line.split(" ");
                    switch (parts[0]) {
                        case "ROTATING" -> maxRotation++;
                        case "ROTATED" -> acknowledgedRotation = Integer.parseInt(parts[1]);
                        case "REVOKED" -> acknowledgedRevokes.add(Integer.parseInt(parts[1]));
                        case "PUT" -> acknowledgedPuts.put(Integer.parseInt(parts[1]), HexFormat.of().parseHex(parts[2]));
                        case "DESTROYING" -> destroyAttempts.add(Integer.parseInt(parts[1]));
                        case "DESTROYED" -> acknowledgedDestroys.add(Integer.parseInt(parts[1]));
                        default -> {
                            // REVOKING and PUTTING need no bookkeeping.
                        }
                    }
                }
                child.destroyForcibly();
                assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            }

            try (Pkcs11KeyStorage store = token.open(namespace)) {
                KeyInfo key = store.keyInfo(CrashWriter.KEY).orElseThrow();
                assertTrue(key.latestVersion() >= acknowledgedRotation && key.latestVersion() <= maxRotation,
                        "versions " + key.latestVersion() + " within acknowledged " + acknowledgedRotation + ".." + maxRotation);
                assertEquals(1, key.versions().stream().filter(v -> v.state() == KeyVersionState.ACTIVE).count());
                for (KeyVersion v : key.versions()) {
                    if (acknowledgedRevokes.contains(v.version())) {
                        assertEquals(KeyVersionState.REVOKED, v.state(), "acknowledged revocation of v" + v.version());
                    }
                    int expected = v.state() == KeyVersionState.REVOKED ? 0 : 1;
                    assertEquals(expected, TokenProbe.countKeyObjects(store, labels.keyVersion(CrashWriter.KEY, v.version())),
                            "key objects of v" + v.version() + " (" + v.state() + ")");
                }
                for (int extra = key.latestVersion() + 1; extra <= maxRotation + 1; extra++) {
                    assertEquals(0, TokenProbe.countKeyObjects(store, labels.keyVersion(CrashWriter.KEY, extra)), "leftover v" + extra);
                }
                byte[] probe = {(byte) round};
                assertArrayEquals(probe, store.decrypt(CrashWriter.KEY, store.encrypt(CrashWriter.KEY, probe, null), null));

                List<SecretVersion> versions = store.secretVersions(CrashWriter.PATH);
                for (SecretVersion v : versions) {
                    Optional<Secret> read = store.getSecret(CrashWriter.PATH, v.version());
                    if (v.state() == SecretVersion.State.DESTROYED) {
                        assertTrue(destroyAttempts.contains(v.version()), "only versions the writer destroyed are destroyed");
                        assertEquals(0, TokenProbe.countDataObjects(store, labels.secretVersion(CrashWriter.PATH, v.version())));
                    } else {
                        assertEquals(SecretVersion.State.LIVE, v.state());
                        byte[] expected = acknowledgedPuts.get(v.version());
                        if (expected != null) {
                            assertArrayEquals(expected, Pkcs11KeysTest.reveal(read.orElseThrow().value()), "v" + v.version());
                        } else {
                            assertTrue(read.isPresent(), "an unacknowledged but committed write is complete");
                        }
                    }
                }
                for (Map.Entry<Integer, byte[]> put : acknowledgedPuts.entrySet()) {
                    assertTrue(versions.stream().anyMatch(v -> v.version() == put.getKey()), "acknowledged put v" + put.getKey());
                }
                for (int destroyed : acknowledgedDestroys) {
                    assertTrue(store.getSecret(CrashWriter.PATH, destroyed).isEmpty(), "acknowledged destroy of v" + destroyed);
                }
                int newest = versions.isEmpty() ? 0 : versions.get(versions.size() - 1).version();
                assertEquals(0, TokenProbe.countDataObjects(store, labels.secretVersion(CrashWriter.PATH, newest + 1)), "leftover value");
                assertEquals(1, TokenProbe.countDataObjects(store, labels.keyMetadata(CrashWriter.KEY)), "one metadata generation");
                assertEquals(1, TokenProbe.countDataObjects(store, labels.secretMetadata(CrashWriter.PATH)), "one metadata generation");
                acknowledgedRotation = key.latestVersion();
            }
        }
    }

    private static Process start(SoftHsmToken token, String namespace) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-DPKCS11_TEMP_DIR=" + token.configuration().getParent(),
                CrashWriter.class.getName(), namespace, token.library().toString(), SoftHsmToken.LABEL);
        builder.environment().putAll(token.childEnvironment());
        builder.redirectError(ProcessBuilder.Redirect.appendTo(token.configuration().resolveSibling("crash-writer.log").toFile()));
        return builder.start();
    }
}
