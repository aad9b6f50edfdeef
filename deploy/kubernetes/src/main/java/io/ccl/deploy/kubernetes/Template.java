package io.ccl.deploy.kubernetes;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal, strict text template: {@code {{key}}} is replaced by a scalar value, a line holding only
 * {@code {{>name}}} by a YAML block indented to that line's column (or removed when the block is
 * empty). An unknown key fails rendering, so a typo never ships as an empty field.
 */
final class Template {
    private static final Pattern BLOCK = Pattern.compile("(?m)^( *)\\{\\{>([A-Za-z0-9_.-]+)}}[ \\t]*\\n");
    private static final Pattern SCALAR = Pattern.compile("\\{\\{([A-Za-z0-9_.-]+)}}");
    private static final Pattern SAFE_SCALAR = Pattern.compile("[^\\n\\r\"\\\\]*");

    private Template() {
    }

    static String render(String text, Values values, Map<String, String> blocks) {
        Matcher b = BLOCK.matcher(text);
        StringBuilder withBlocks = new StringBuilder();
        while (b.find()) {
            String block = blocks.get(b.group(2));
            if (block == null) {
                throw new IllegalArgumentException("no block '" + b.group(2) + "'");
            }
            b.appendReplacement(withBlocks, Matcher.quoteReplacement(indent(block, b.group(1))));
        }
        b.appendTail(withBlocks);
        Matcher s = SCALAR.matcher(withBlocks);
        StringBuilder out = new StringBuilder();
        while (s.find()) {
            String v = values.get(s.group(1));
            // Scalars land in plain or double-quoted YAML: refuse anything that could break out.
            if (!SAFE_SCALAR.matcher(v).matches()) {
                throw new IllegalArgumentException("value of '" + s.group(1) + "' holds a quote, backslash or line break");
            }
            s.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        s.appendTail(out);
        return out.toString();
    }

    private static String indent(String block, String indent) {
        if (block.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (String line : block.split("\n", -1)) {
            if (!line.isEmpty()) {
                sb.append(indent).append(line).append('\n');
            }
        }
        return sb.toString();
    }
}
