package io.ccl.receipts.api;

import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An entry to append: its type and its content, a JSON object held in RFC 8785 canonical form. The
 * log adds the index and the time.
 *
 * @param type a stable name of what is recorded, 1–64 characters of {@code [a-z0-9._-]} starting
 *     with a letter, e.g. {@code audit}, {@code attestation}, {@code key.release}
 * @param content the canonical UTF-8 JSON of a JSON object, at most {@link #MAX_CONTENT_BYTES}
 *     bytes; the constructor canonicalizes whatever JSON object text it is given
 */
public record NewEntry(String type, byte[] content) {
    /** Largest canonical content accepted: 1 MiB. */
    public static final int MAX_CONTENT_BYTES = 1 << 20;

    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9._-]{0,63}");

    /**
     * @throws IllegalArgumentException when the type is not well formed, the content is not a
     *     JSON object, or it is too large
     */
    public NewEntry {
        requireType(type);
        Objects.requireNonNull(content, "content");
        if (content.length > MAX_CONTENT_BYTES) {
            throw new IllegalArgumentException("entry content larger than " + MAX_CONTENT_BYTES + " bytes");
        }
        content = CanonicalJson.canonicalObject(content);
        if (content.length > MAX_CONTENT_BYTES) {
            throw new IllegalArgumentException("canonical entry content larger than " + MAX_CONTENT_BYTES + " bytes");
        }
    }

    /** An entry whose content is a JSON-shaped value (a {@code Map} of strings, numbers, lists, maps...). */
    public static NewEntry of(String type, Object jsonObject) {
        return new NewEntry(type, CanonicalJson.canonicalize(jsonObject));
    }

    /** The canonical content (a copy). */
    @Override
    public byte[] content() {
        return content.clone();
    }

    static void requireType(String type) {
        Objects.requireNonNull(type, "type");
        if (!TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("entry type must match [a-z][a-z0-9._-]{0,63}");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NewEntry e && type.equals(e.type) && Arrays.equals(content, e.content);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "NewEntry[type=" + type + ", " + content.length + " bytes]";
    }
}
