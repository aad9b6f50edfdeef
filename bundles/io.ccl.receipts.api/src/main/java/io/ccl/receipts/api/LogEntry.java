package io.ccl.receipts.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An entry of the log.
 *
 * <p>Its Merkle leaf data, the {@code d(i)} of RFC 9162 §2.1.1 that the log stores and hashes, is
 * the RFC 8785 canonical JSON of
 *
 * <pre>{"content": &lt;content object&gt;, "time": &lt;epoch milliseconds&gt;, "type": &lt;type&gt;}</pre>
 *
 * so the three members appear in exactly that order, with no white space. The index is not part
 * of the leaf: the inclusion proof fixes the position. The entry id is the lowercase hex of the
 * leaf hash {@code SHA-256(0x00 || leafData)}.
 *
 * @param index the position in the log, from 0
 * @param time when the entry was appended, in whole milliseconds
 * @param type see {@link NewEntry#type()}
 * @param content canonical JSON of a JSON object
 */
public record LogEntry(long index, Instant time, String type, byte[] content) {
    public LogEntry {
        if (index < 0) {
            throw new IllegalArgumentException("negative index");
        }
        Objects.requireNonNull(time, "time");
        if (time.getNano() % 1_000_000 != 0 || time.isBefore(Instant.EPOCH)) {
            throw new IllegalArgumentException("entry time must be whole milliseconds after 1970");
        }
        NewEntry.requireType(type);
        Objects.requireNonNull(content, "content");
        if (content.length == 0 || content[0] != '{') {
            throw new IllegalArgumentException("entry content must be a JSON object");
        }
        content = content.clone();
    }

    /**
     * Parses leaf data back into an entry. The data must be exactly the canonical form (same bytes
     * when re-encoded); anything else is refused.
     *
     * @throws IllegalArgumentException when it is not the leaf data of an entry
     */
    public static LogEntry fromLeafData(long index, byte[] leafData) {
        JsonNode node = CanonicalJson.parse(leafData);
        if (!node.isObject() || node.size() != 3) {
            throw new IllegalArgumentException("leaf data must be an object with content, time and type");
        }
        JsonNode content = node.get("content");
        JsonNode time = node.get("time");
        JsonNode type = node.get("type");
        if (content == null || !content.isObject() || time == null || !time.canConvertToExactIntegral()
                || !time.canConvertToLong() || type == null || !type.isTextual()) {
            throw new IllegalArgumentException("leaf data must be an object with content, time and type");
        }
        LogEntry entry = new LogEntry(index, Instant.ofEpochMilli(time.asLong()), type.asText(),
                CanonicalJson.canonicalize(content));
        if (!Arrays.equals(entry.leafData(), leafData)) {
            throw new IllegalArgumentException("leaf data is not in canonical form");
        }
        return entry;
    }

    /** A new entry at {@code index} and {@code time} (truncated to milliseconds). */
    public static LogEntry of(long index, Instant time, NewEntry entry) {
        return new LogEntry(index, Instant.ofEpochMilli(time.toEpochMilli()), entry.type(), entry.content());
    }

    /** The Merkle leaf data (see the class description). */
    public byte[] leafData() {
        return CanonicalJson.leafData(time, type, content);
    }

    /** {@code SHA-256(0x00 || leafData)}. */
    public byte[] leafHash() {
        return MerkleVerifier.leafHash(leafData());
    }

    /** The entry id: lowercase hex of the leaf hash. */
    public String id() {
        return entryId(leafHash());
    }

    /** The entry id of a leaf hash. */
    public static String entryId(byte[] leafHash) {
        return HexFormat.of().formatHex(leafHash);
    }

    /** The leaf hash named by an entry id; IllegalArgumentException when it is not 64 hex digits. */
    public static byte[] parseEntryId(String entryId) {
        if (entryId == null || entryId.length() != 2 * MerkleVerifier.HASH_SIZE) {
            throw new IllegalArgumentException("an entry id is 64 hex digits");
        }
        return HexFormat.of().parseHex(entryId);
    }

    /** The canonical content (a copy). */
    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogEntry e && index == e.index && time.equals(e.time) && type.equals(e.type)
                && Arrays.equals(content, e.content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, time, type, Arrays.hashCode(content));
    }

    @Override
    public String toString() {
        return "LogEntry[index=" + index + ", time=" + time + ", type=" + type + ", " + content.length + " bytes]";
    }
}
