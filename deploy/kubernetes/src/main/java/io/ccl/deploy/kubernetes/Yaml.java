package io.ccl.deploy.kubernetes;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/** The one place YAML is written: block style, 2-space indent, multi-line strings as literal blocks. */
final class Yaml {
    private Yaml() {
    }

    static String dump(Object document) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setSplitLines(false);
        options.setWidth(Integer.MAX_VALUE);
        return new org.yaml.snakeyaml.Yaml(new LiteralRepresenter(options), options).dump(document);
    }

    /** A YAML list rendered as a block (for {@code {{>block}}} placeholders); empty list = empty block. */
    static String block(List<?> items) {
        if (items.isEmpty()) {
            return "";
        }
        String text = dump(items);
        // A top-level sequence comes out indented by the indicator indent: move it to column 0.
        int common = text.lines().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder sb = new StringBuilder();
        text.lines().forEach(l -> sb.append(l.isBlank() ? "" : l.substring(common)).append('\n'));
        return sb.toString();
    }

    /** Loads every document of a multi-document stream (tests and sanity checks). */
    static List<Object> loadAll(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<Object> docs = new java.util.ArrayList<>();
        new org.yaml.snakeyaml.Yaml(options).loadAll(text).forEach(docs::add);
        docs.removeIf(d -> d == null);
        return docs;
    }

    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static final class LiteralRepresenter extends Representer {
        LiteralRepresenter(DumperOptions options) {
            super(options);
            this.representers.put(String.class, data -> {
                String s = (String) data;
                return representScalar(Tag.STR, s, s.contains("\n") ? DumperOptions.ScalarStyle.LITERAL : defaultScalarStyle);
            });
        }
    }
}
