package io.ccl.keys.vault.http;

import java.util.regex.Pattern;

/** Validation of configured mount paths and path prefixes, so configuration cannot leave its subtree. */
public final class VaultPaths {
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*");

    private VaultPaths() {
    }

    /**
     * A mount or prefix: segments of {@code [A-Za-z0-9._-]} separated by single slashes, no
     * leading or trailing slash, no {@code .} or {@code ..} segment.
     *
     * @throws IllegalArgumentException otherwise
     */
    public static String check(String path) {
        if (path == null || !PATH.matcher(path).matches() || path.length() > 256) {
            throw new IllegalArgumentException("invalid Vault mount or path '" + path + "': segments of [A-Za-z0-9._-] separated by '/'");
        }
        for (String segment : path.split("/")) {
            if (segment.equals(".") || segment.equals("..") || segment.endsWith(".")) {
                throw new IllegalArgumentException("invalid Vault mount or path '" + path + "': no segment may end with '.'");
            }
        }
        return path;
    }

    /** Like {@link #check} but also accepts the empty string. */
    public static String checkOptional(String path) {
        return path == null || path.isEmpty() ? "" : check(path);
    }
}
