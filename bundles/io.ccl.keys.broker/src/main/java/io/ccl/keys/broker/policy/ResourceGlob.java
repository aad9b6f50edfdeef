package io.ccl.keys.broker.policy;

import io.ccl.keys.api.ResourcePath;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A pattern over resource paths, {@code repo/type/tag}, where {@code *} matches any run of
 * characters within one segment and never crosses a {@code /}: {@code default/*}{@code /*} names
 * every resource of the {@code default} repository, {@code default/secret/db-*} every tag
 * starting with {@code db-}.
 */
public final class ResourceGlob {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._*-]{1,128}");

    private final String text;
    private final Pattern[] segments;

    private ResourceGlob(String text, Pattern[] segments) {
        this.text = text;
        this.segments = segments;
    }

    /**
     * Parses a glob.
     *
     * @throws IllegalArgumentException unless it is three {@code /}-separated segments of
     *     {@code [A-Za-z0-9._-]} and single {@code *}
     */
    public static ResourceGlob parse(String glob) {
        Objects.requireNonNull(glob, "glob");
        String[] parts = glob.split("/", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("resource pattern '" + glob + "' must be repo/type/tag");
        }
        Pattern[] segments = new Pattern[3];
        for (int i = 0; i < 3; i++) {
            if (!SEGMENT.matcher(parts[i]).matches() || parts[i].contains("**")) {
                throw new IllegalArgumentException("resource pattern '" + glob
                        + "': each segment is [A-Za-z0-9._-] with '*' matching within that segment only");
            }
            segments[i] = compile(parts[i]);
        }
        return new ResourceGlob(glob, segments);
    }

    public boolean matches(ResourcePath path) {
        return segments[0].matcher(path.repo()).matches() && segments[1].matcher(path.type()).matches()
                && segments[2].matcher(path.tag()).matches();
    }

    private static Pattern compile(String segment) {
        StringBuilder regex = new StringBuilder();
        int start = 0;
        for (int star = segment.indexOf('*'); star >= 0; star = segment.indexOf('*', start)) {
            regex.append(Pattern.quote(segment.substring(start, star))).append("[^/]*");
            start = star + 1;
        }
        regex.append(Pattern.quote(segment.substring(start)));
        return Pattern.compile(regex.toString());
    }

    @Override
    public String toString() {
        return text;
    }
}
