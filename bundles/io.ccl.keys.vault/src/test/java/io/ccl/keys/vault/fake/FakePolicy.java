package io.ccl.keys.vault.fake;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ACL policy in the HCL subset CCL's README uses: {@code path "<glob>" { capabilities = [...] }}
 * blocks. Matching is coarse: a path matches a rule exactly, with a trailing {@code *} as a
 * prefix glob, and {@code +} as one path segment; the capabilities of every matching rule are
 * united and {@code deny} anywhere wins. (Vault instead takes the single most specific rule; for
 * the non-overlapping policies CCL documents both give the same answer.)
 */
public final class FakePolicy {
    private static final Pattern BLOCK = Pattern.compile("path\\s+\"([^\"]+)\"\\s*\\{\\s*capabilities\\s*=\\s*\\[([^\\]]*)\\]\\s*\\}");
    private static final Pattern WORD = Pattern.compile("\"([a-z]+)\"");

    private record Rule(Pattern path, Set<String> capabilities) {
    }

    private final List<Rule> rules;

    private FakePolicy(List<Rule> rules) {
        this.rules = rules;
    }

    /** Parses the HCL subset; comments ({@code #}) are ignored. */
    public static FakePolicy parse(String hcl) {
        String text = hcl.replaceAll("(?m)#.*$", "");
        List<Rule> rules = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            Set<String> caps = new HashSet<>();
            Matcher w = WORD.matcher(m.group(2));
            while (w.find()) {
                caps.add(w.group(1));
            }
            rules.add(new Rule(glob(m.group(1)), caps));
        }
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("no path blocks in policy");
        }
        return new FakePolicy(rules);
    }

    /** Capabilities this policy grants on {@code path}; {@code deny} if any matching rule denies. */
    Set<String> capabilities(String path) {
        Set<String> out = new HashSet<>();
        for (Rule r : rules) {
            if (r.path().matcher(path).matches()) {
                out.addAll(r.capabilities());
            }
        }
        return out;
    }

    private static Pattern glob(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '*' && i == p.length() - 1) {
                re.append(".*");
            } else if (c == '+') {
                re.append("[^/]+");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
