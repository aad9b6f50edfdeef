package io.ccl.keys.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The name of a secret resource, {@code repo/type/tag} as in the KBS resource protocol. Each part
 * is 1–128 characters of {@code [A-Za-z0-9._-]} and not {@code .} or {@code ..}, so a path can
 * never escape a directory or a URL segment.
 */
public record ResourcePath(String repo, String type, String tag) {
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    public ResourcePath {
        check("repo", repo);
        check("type", type);
        check("tag", tag);
    }

    private static void check(String what, String value) {
        Objects.requireNonNull(value, what);
        if (!PART.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException("invalid resource " + what + ": must be 1-128 of [A-Za-z0-9._-]");
        }
    }

    /**
     * Parses {@code repo/type/tag}.
     *
     * @throws IllegalArgumentException when the text is not three valid parts
     */
    public static ResourcePath parse(String path) {
        String[] parts = path.split("/", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("resource path must be repo/type/tag");
        }
        return new ResourcePath(parts[0], parts[1], parts[2]);
    }

    @Override
    public String toString() {
        return repo + "/" + type + "/" + tag;
    }
}
