package io.ccl.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Arguments of a command: positional words, then {@code --name value...} options. An option's
 * value is every word up to the next {@code --name}, joined by spaces, so {@code --reason TEE
 * compromised} needs no quotes. Positional words must come before the first option.
 */
final class CommandLine {
    private final List<String> positional;
    private final Map<String, String> options;

    private CommandLine(List<String> positional, Map<String, String> options) {
        this.positional = List.copyOf(positional);
        this.options = Map.copyOf(options);
    }

    /**
     * @throws IllegalArgumentException for an option not in {@code known}, an option without a
     *     value, an option given twice, or a positional word after an option
     */
    static CommandLine parse(String[] args, Set<String> known) {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        String current = null;
        List<String> value = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--") && a.length() > 2) {
                close(options, current, value);
                if (!known.contains(a)) {
                    throw new IllegalArgumentException("unknown option " + a);
                }
                if (options.containsKey(a)) {
                    throw new IllegalArgumentException("option " + a + " given twice");
                }
                current = a;
                value = new ArrayList<>();
            } else if (current == null) {
                positional.add(a);
            } else {
                value.add(a);
            }
        }
        close(options, current, value);
        return new CommandLine(positional, options);
    }

    private static void close(Map<String, String> options, String option, List<String> value) {
        if (option == null) {
            return;
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException("option " + option + " needs a value");
        }
        options.put(option, String.join(" ", value));
    }

    List<String> positional() {
        return positional;
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /** A single-word option value. */
    Optional<String> word(String name) {
        Optional<String> v = option(name);
        if (v.isPresent() && v.get().contains(" ")) {
            throw new IllegalArgumentException("option " + name + " takes one value");
        }
        return v;
    }
}
