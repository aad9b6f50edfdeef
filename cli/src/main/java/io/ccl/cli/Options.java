package io.ccl.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} options (also {@code --name=value}), value-less flags and positional
 * arguments; repeatable options keep every value. Each command names what it accepts, so an option
 * meant for another command is a usage error rather than silently ignored.
 */
final class Options {
    private static final Set<String> KNOWN = Set.of("tee", "evidence", "collateral", "now", "report-data", "policy",
            "hint", "trust-key", "url", "revocation");
    private final Map<String, List<String>> values;
    private final Set<String> flags;
    private final List<String> positional;

    private Options(Map<String, List<String>> values, Set<String> flags, List<String> positional) {
        this.values = values;
        this.flags = flags;
        this.positional = positional;
    }

    /** The options of {@code verify} and {@code attest}: no flags, no positional arguments. */
    static Options parse(String[] args) throws UsageException {
        return parse(args, KNOWN, Set.of(), 0);
    }

    /**
     * @param valued options that take a value
     * @param flagNames options that take none
     * @param maxPositional how many arguments not starting with {@code --} are allowed
     */
    static Options parse(String[] args, Set<String> valued, Set<String> flagNames, int maxPositional) throws UsageException {
        Map<String, List<String>> m = new LinkedHashMap<>();
        Set<String> seenFlags = new HashSet<>();
        List<String> pos = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                if (pos.size() >= maxPositional) {
                    throw new UsageException("unexpected argument '" + a + "'");
                }
                pos.add(a);
                continue;
            }
            String name = a.substring(2);
            int eq = name.indexOf('=');
            String inline = eq > 0 ? name.substring(eq + 1) : null;
            if (eq > 0) {
                name = name.substring(0, eq);
            }
            if (flagNames.contains(name)) {
                if (inline != null) {
                    throw new UsageException("--" + name + " takes no value");
                }
                seenFlags.add(name);
                continue;
            }
            if (!valued.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
            String value = inline;
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            m.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return new Options(m, Set.copyOf(seenFlags), List.copyOf(pos));
    }

    String required(String name) throws UsageException {
        String v = optional(name);
        if (v == null) {
            throw new UsageException("--" + name + " is required");
        }
        return v;
    }

    String optional(String name) throws UsageException {
        List<String> v = values.get(name);
        if (v == null) {
            return null;
        }
        if (v.size() > 1) {
            throw new UsageException("--" + name + " given more than once");
        }
        return v.get(0);
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    List<String> positional() {
        return positional;
    }
}
