package io.ccl.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccl.receipts.api.ReceiptException;
import io.ccl.receipts.api.ReceiptJson;
import io.ccl.receipts.api.SignedTreeHead;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;

/**
 * The tree heads a log audit has seen, one per log id, in a JSON file:
 *
 * <pre>
 * {"format":"ccl-log-heads-v1",
 *  "logs":{"&lt;log id&gt;":{"url":"...","verified_at":"&lt;ISO-8601&gt;","tree_head":{&lt;ReceiptJson signed tree head&gt;}}}}
 * </pre>
 *
 * Opening takes an exclusive lock on {@code <file>.lock} (one audit at a time; a second one fails
 * at once rather than losing an update) and reads the file; {@link #save()} replaces it atomically
 * (temporary file in the same directory, fsync, rename). Directories are created {@code rwx------}
 * and the file {@code rw-------} where the file system supports POSIX permissions.
 */
final class LogHeadState implements AutoCloseable {
    static final String FORMAT = "ccl-log-heads-v1";
    private static final int MAX_STATE = 16 << 20;
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path file;
    private final FileChannel lockChannel;
    private final ObjectNode root;

    private LogHeadState(Path file, FileChannel lockChannel, ObjectNode root) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.root = root;
    }

    /** The default state file, {@code ~/.ccl/log-heads.json}. */
    static Path defaultFile() {
        return Path.of(System.getProperty("user.home"), ".ccl", "log-heads.json");
    }

    /**
     * Locks and reads the state file (an absent file is an empty state).
     *
     * @throws IOException the directory cannot be made, another audit holds the lock, the file
     *     cannot be read or is not a state file
     */
    static LogHeadState open(Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (!Files.isDirectory(dir)) {
            if (POSIX) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        FileChannel channel = FileChannel.open(dir.resolve(abs.getFileName() + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very process
            }
            if (lock == null) {
                throw new IOException(abs + " is in use by another log audit");
            }
            return new LogHeadState(abs, channel, read(abs));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static ObjectNode read(Path file) throws IOException {
        if (!Files.exists(file)) {
            ObjectNode root = MAPPER.createObjectNode();
            root.put("format", FORMAT);
            root.putObject("logs");
            return root;
        }
        if (Files.size(file) > MAX_STATE) {
            throw new IOException(file + " is larger than " + MAX_STATE + " bytes");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IOException(file + " is not JSON");
        }
        if (node == null || !node.isObject() || !FORMAT.equals(node.path("format").asText(null))
                || !node.path("logs").isObject()) {
            throw new IOException(file + " is not a " + FORMAT + " state file");
        }
        return (ObjectNode) node;
    }

    /**
     * The head last stored for {@code logId}.
     *
     * @throws IOException the stored head is not a well-formed signed tree head of that log
     */
    Optional<SignedTreeHead> head(String logId) throws IOException {
        JsonNode log = root.path("logs").get(logId);
        if (log == null) {
            return Optional.empty();
        }
        try {
            SignedTreeHead head = ReceiptJson.readSignedTreeHead(MAPPER.writeValueAsBytes(log.path("tree_head")));
            if (!head.treeHead().logId().equals(logId)) {
                throw new IOException(file + ": the head stored for log " + logId + " belongs to another log");
            }
            return Optional.of(head);
        } catch (ReceiptException e) {
            throw new IOException(file + ": the head stored for log " + logId + " is malformed: " + e.getMessage());
        }
    }

    /** Records {@code head} as the newest verified head of its log (written by {@link #save()}). */
    void put(SignedTreeHead head, String url, Instant verifiedAt) throws IOException {
        ObjectNode log = ((ObjectNode) root.get("logs")).putObject(head.treeHead().logId());
        log.put("url", url);
        log.put("verified_at", verifiedAt.toString());
        log.set("tree_head", MAPPER.readTree(ReceiptJson.write(head)));
    }

    /** Replaces the file atomically with the current state. */
    void save() throws IOException {
        Path dir = file.getParent();
        Path tmp = POSIX
                ? Files.createTempFile(dir, ".log-heads-", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, ".log-heads-", ".tmp");
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(MAPPER.writeValueAsBytes(root));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
    }

    /** Makes the rename durable; not every platform can open a directory, which is then skipped. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Windows cannot open directories; the rename itself is still atomic there.
        }
    }

    /** Releases the lock; closing the channel releases it in any case, so failures are ignored. */
    @Override
    public void close() {
        try {
            lockChannel.close();
        } catch (IOException e) {
            // The OS drops the lock with the descriptor, and at the latest when the process ends.
        }
    }
}
