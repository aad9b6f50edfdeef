package io.ccl.tee.simulation.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The per-installation signing key of the simulation TEE: an EC P-256 key pair kept in two PEM-like
 * files in the installation's data directory ({@code simulation-attester.key}, owner-only, and
 * {@code simulation-attester.pub}). Whoever can read the private file can forge simulation
 * evidence — which is why simulation is insecure and denied by production policies.
 */
public final class InsecureInstallationKey {
    public static final String PRIVATE_FILE = "simulation-attester.key";
    public static final String PUBLIC_FILE = "simulation-attester.pub";

    private InsecureInstallationKey() {
    }

    /** Loads the key pair from {@code dir}, creating it atomically on first use. */
    public static synchronized KeyPair loadOrCreate(Path dir) throws IOException, GeneralSecurityException {
        Path priv = dir.resolve(PRIVATE_FILE);
        Path pub = dir.resolve(PUBLIC_FILE);
        if (Files.exists(priv) && Files.exists(pub)) {
            return new KeyPair(readPublic(pub), readPrivate(priv));
        }
        Files.createDirectories(dir);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        writeAtomically(priv, kp.getPrivate().getEncoded(), true);
        writeAtomically(pub, kp.getPublic().getEncoded(), false);
        return kp;
    }

    /** Reads a public key file written by {@link #loadOrCreate}. */
    public static PublicKey readPublic(Path file) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(decode(file)));
    }

    /** SHA-256 of the key's SubjectPublicKeyInfo: the key id carried in reports. */
    public static byte[] keyId(PublicKey key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is mandatory", e);
        }
    }

    private static PrivateKey readPrivate(Path file) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(decode(file)));
    }

    private static byte[] decode(Path file) throws IOException {
        String text = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(file.getFileName() + " is not a base64 key file");
        }
    }

    private static void writeAtomically(Path target, byte[] der, boolean secret) throws IOException {
        String label = secret ? "PRIVATE KEY" : "PUBLIC KEY";
        String text = "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            if (secret) {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException nonPosix) {
                    // Non-POSIX file systems: the directory's ACLs decide.
                }
            }
            Files.writeString(tmp, text);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
