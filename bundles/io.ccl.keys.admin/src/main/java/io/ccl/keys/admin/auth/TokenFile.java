package io.ccl.keys.admin.auth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

/**
 * The admin token file of a development runtime: a random 256-bit token, base64url without
 * padding, created with mode {@code rw-------} when the file is absent. Only its SHA-256 is kept.
 *
 * <p><b>Security guarantees.</b> The token never becomes a {@link String} here and the buffers
 * holding it are zeroed; nothing in this class logs. A file whose content is shorter than
 * {@value #MIN_TOKEN_CHARS} characters or not a bearer token (RFC 6750 {@code b64token}) is refused.
 */
public final class TokenFile {
    /** Shortest token accepted from an existing file (about 192 bits in base64). */
    public static final int MIN_TOKEN_CHARS = 32;
    private static final int MAX_FILE_BYTES = 4096;
    private static final int TOKEN_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What {@link #loadOrCreate} did. */
    public record Loaded(byte[] sha256, boolean created, boolean tooOpen) {
        @Override
        public byte[] sha256() {
            return sha256.clone();
        }
    }

    private TokenFile() {
    }

    /**
     * Reads the token in {@code file}, or creates the file (and missing parent directories, mode
     * {@code rwx------}) with a fresh token.
     *
     * @return the token's SHA-256; {@code tooOpen} when group or others have any permission on an
     *     existing file
     * @throws IOException when the file cannot be read or written, or holds no acceptable token
     *     (the message never contains file content)
     */
    public static Loaded loadOrCreate(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        if (!Files.exists(target)) {
            try {
                return new Loaded(create(target), true, false);
            } catch (FileAlreadyExistsException raced) {
                // Another process created it first: read theirs.
            }
        }
        return new Loaded(read(target), false, tooOpen(target));
    }

    private static byte[] create(Path target) throws IOException {
        Path dir = target.getParent();
        boolean posix = Files.getFileStore(existingAncestor(dir)).supportsFileAttributeView("posix");
        if (posix) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
        byte[] raw = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(raw);
        byte[] token = Base64.getUrlEncoder().withoutPadding().encode(raw);
        Arrays.fill(raw, (byte) 0);
        byte[] line = Arrays.copyOf(token, token.length + 1);
        line[token.length] = '\n';
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp-" + Long.toUnsignedString(RANDOM.nextLong(), 36));
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try {
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs)) {
                ch.write(ByteBuffer.wrap(line));
                ch.force(true);
            }
            if (Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return Credentials.sha256(token);
        } finally {
            Arrays.fill(token, (byte) 0);
            Arrays.fill(line, (byte) 0);
            Files.deleteIfExists(tmp);
        }
    }

    private static Path existingAncestor(Path dir) {
        Path p = dir;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? dir.getRoot() : p;
    }

    private static byte[] read(Path target) throws IOException {
        byte[] content;
        try (InputStream in = Files.newInputStream(target)) {
            content = in.readNBytes(MAX_FILE_BYTES + 1);
        }
        try {
            if (content.length > MAX_FILE_BYTES) {
                throw new IOException("token file " + target + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            int start = 0;
            int end = content.length;
            while (start < end && isSpace(content[start])) {
                start++;
            }
            while (end > start && isSpace(content[end - 1])) {
                end--;
            }
            if (end - start < MIN_TOKEN_CHARS) {
                throw new IOException("token file " + target + " holds no token of at least " + MIN_TOKEN_CHARS
                        + " characters");
            }
            for (int i = start; i < end; i++) {
                if (!isTokenChar(content[i])) {
                    throw new IOException("token file " + target + " holds characters a bearer token cannot have");
                }
            }
            byte[] token = Arrays.copyOfRange(content, start, end);
            try {
                return Credentials.sha256(token);
            } finally {
                Arrays.fill(token, (byte) 0);
            }
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    private static boolean tooOpen(Path target) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(target);
            return perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    /** RFC 6750 §2.1 b64token: ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/", then "=" padding. */
    static boolean isTokenChar(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                || c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
    }
}
