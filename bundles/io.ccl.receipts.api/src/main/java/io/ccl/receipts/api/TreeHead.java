package io.ccl.receipts.api;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The state of the log at one moment: how many entries it holds and the RFC 9162 Merkle tree hash
 * of them.
 *
 * <p>The message a tree head signature covers ({@link #signedMessage(String)}) is the RFC 8785
 * canonical JSON (UTF-8) of
 *
 * <pre>{"format":"ccl-sth-v1","key_id":"&lt;key id&gt;","log_id":"&lt;64 hex&gt;","root_hash":"&lt;64 hex&gt;","timestamp":&lt;epoch ms&gt;,"tree_size":&lt;n&gt;}</pre>
 *
 * with lowercase hex and the members in that (JCS) order. The {@code format} member separates
 * these messages from anything else the same key signs; {@code key_id} binds the signature to the
 * key id it is published with.
 *
 * @param logId 64 lowercase hex digits: 32 random bytes chosen when the log was created
 * @param treeSize number of entries, 0 to 2^53
 * @param rootHash the 32-byte Merkle tree hash of the first {@code treeSize} entries
 * @param timestamp when the head was made, in whole milliseconds
 */
public record TreeHead(String logId, long treeSize, byte[] rootHash, Instant timestamp) {
    /** Value of the {@code format} member of the signed message. */
    public static final String FORMAT = "ccl-sth-v1";
    /** Largest tree size: integers up to 2^53 survive JSON exactly. */
    public static final long MAX_TREE_SIZE = 1L << 53;

    private static final Pattern LOG_ID = Pattern.compile("[0-9a-f]{64}");

    public TreeHead {
        requireLogId(logId);
        if (treeSize < 0 || treeSize > MAX_TREE_SIZE) {
            throw new IllegalArgumentException("tree size out of range");
        }
        Objects.requireNonNull(rootHash, "rootHash");
        if (rootHash.length != MerkleVerifier.HASH_SIZE) {
            throw new IllegalArgumentException("root hash must be 32 bytes");
        }
        rootHash = rootHash.clone();
        Objects.requireNonNull(timestamp, "timestamp");
        if (timestamp.getNano() % 1_000_000 != 0 || timestamp.isBefore(Instant.EPOCH)) {
            throw new IllegalArgumentException("timestamp must be whole milliseconds after 1970");
        }
    }

    /** The exact bytes a signature by the key {@code keyId} covers (see the class description). */
    public byte[] signedMessage(String keyId) {
        TreeHeadSignature.requireKeyId(keyId);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("format", FORMAT);
        message.put("key_id", keyId);
        message.put("log_id", logId);
        message.put("root_hash", HexFormat.of().formatHex(rootHash));
        message.put("timestamp", timestamp.toEpochMilli());
        message.put("tree_size", treeSize);
        return CanonicalJson.canonicalize(message);
    }

    /** The root hash (a copy). */
    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /** The root hash in lowercase hex. */
    public String rootHashHex() {
        return HexFormat.of().formatHex(rootHash);
    }

    static void requireLogId(String logId) {
        Objects.requireNonNull(logId, "logId");
        if (!LOG_ID.matcher(logId).matches()) {
            throw new IllegalArgumentException("a log id is 64 lowercase hex digits");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TreeHead h && logId.equals(h.logId) && treeSize == h.treeSize
                && Arrays.equals(rootHash, h.rootHash) && timestamp.equals(h.timestamp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(logId, treeSize, Arrays.hashCode(rootHash), timestamp);
    }

    @Override
    public String toString() {
        return "TreeHead[log=" + logId.substring(0, 8) + "…, size=" + treeSize + ", root=" + rootHashHex()
                + ", timestamp=" + timestamp + "]";
    }
}
