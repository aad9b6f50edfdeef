package io.ccl.cli;

import io.ccl.crypto.CryptoException;
import io.ccl.crypto.EncryptionKey;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;


/**
 * The requester's P-256 key agreement key: a job's result is sealed to its public half
 * ({@code reply_to}) with {@code ECDH-ES+A256KW}/{@code A256GCM}. Made like
 * {@link io.ccl.crypto.EncryptionKey#generate()} and opened by the same rules as
 * {@link io.ccl.crypto.EncryptionKey#open(String)}; unlike that class it can be written to a
 * private JWK file ({@code --key-out}) and read back ({@code --key}) for a later
 * {@code ccl job get}.
 *
 * <p><b>Security guarantees:</b> the private key is only ever written by {@link #writeNew}, to a
 * file created {@code rw-------} that did not exist; {@link #toString()} names the key id only.
 */
final class RequesterKey {
    /** A private JWK is a few hundred bytes. */
    static final int MAX_FILE = 16 << 10;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final EncryptionKey key;

    private RequesterKey(EncryptionKey key) {
        this.key = key;
    }

    /** A fresh key whose key id is its RFC 7638 thumbprint. */
    static RequesterKey generate() {
        return new RequesterKey(EncryptionKey.generate());
    }

    String kid() {
        return key.kid();
    }

    /** The public JWK members: the job's {@code reply_to}. */
    Map<String, Object> publicJwk() {
        return key.publicJwk();
    }

    /** Opens a compact JWE addressed to this key, by the rules of {@link EncryptionKey#open(String)}. */
    byte[] open(String jwe) throws CryptoException {
        return key.open(jwe);
    }

    /**
     * Writes the private JWK to {@code file}, which must not exist; it is created {@code rw-------}
     * (never following a link, never replacing a file).
     *
     * @throws IOException the file exists, the file system has no POSIX permissions, or writing failed
     */
    void writeNew(Path file) throws IOException {
        byte[] json = key.toPrivateJwkInsecure().getBytes(StandardCharsets.UTF_8);
        try (SeekableByteChannel ch = Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                OutputStream out = Channels.newOutputStream(ch)) {
            out.write(json);
        } catch (UnsupportedOperationException e) {
            throw new IOException("the file system has no POSIX permissions: the key would not be owner-only");
        } finally {
            Arrays.fill(json, (byte) 0);
        }
        // The umask cannot widen rw-------, only narrow it; set it anyway so the mode is exact.
        Files.setPosixFilePermissions(file, OWNER_ONLY);
    }

    /**
     * Reads a key written by {@link #writeNew}.
     *
     * @throws UsageException unreadable, too large, or not a private EC P-256 JWK
     */
    static RequesterKey read(Path file) throws UsageException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE) {
                throw new UsageException(file + " is not a requester key file (too large)");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UsageException("cannot read " + file);
        }
        try {
            return new RequesterKey(EncryptionKey.fromPrivateJwk(new String(bytes, StandardCharsets.UTF_8)));
        } catch (CryptoException e) {
            throw new UsageException(file + " is not a private EC P-256 JWK (written by job submit --key-out)");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "RequesterKey[" + kid() + "]";
    }
}
