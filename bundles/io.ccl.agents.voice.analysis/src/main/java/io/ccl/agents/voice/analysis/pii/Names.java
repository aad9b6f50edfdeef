package io.ccl.agents.voice.analysis.pii;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names given with the call (caller, contacts), matched case-insensitively as whole words: the
 * full name with any whitespace between its parts, and each part of three letters or more on its
 * own ("Mario Rossi" also masks "Rossi"), except name particles (di, de, del, della, van, von, ...)
 * that are ordinary words too. Straight and typographic apostrophes match each other.
 */
public final class Names {
    /** Longest accepted name. */
    public static final int MAX_LENGTH = 100;
    private static final int MIN_PART = 3;
    private static final Set<String> PARTICLES = Set.of("di", "de", "del", "della", "dei", "degli", "delle", "da",
            "dal", "dalla", "la", "lo", "le", "li", "van", "von", "der", "den", "du", "dos", "das", "do", "mac", "mc",
            "bin", "ben", "al", "el", "san", "santa", "ter", "ten");
    private static final Names NONE = new Names(null);

    private final Pattern pattern;

    private Names(Pattern pattern) {
        this.pattern = pattern;
    }

    /**
     * Compiles the names to look for.
     *
     * @throws IllegalArgumentException when a name is blank, longer than {@value #MAX_LENGTH}
     *         characters or holds something other than letters, marks, spaces, apostrophes, dots
     *         and hyphens (the message never contains the name)
     */
    public static Names of(Collection<String> names) {
        Set<String> variants = new LinkedHashSet<>();
        for (String name : names) {
            String trimmed = name.strip();
            if (trimmed.isEmpty() || trimmed.length() > MAX_LENGTH) {
                throw new IllegalArgumentException("a name must have 1 to " + MAX_LENGTH + " characters");
            }
            for (int i = 0; i < trimmed.length(); i++) {
                char c = trimmed.charAt(i);
                if (!(Character.isLetter(c) || Character.getType(c) == Character.NON_SPACING_MARK
                        || Character.isWhitespace(c) || "'’‘.-".indexOf(c) >= 0)) {
                    throw new IllegalArgumentException("a name may only hold letters, spaces, apostrophes, dots and hyphens");
                }
            }
            variants.add(trimmed.toLowerCase(Locale.ROOT));
            for (String part : trimmed.split("[\\s\\-]+")) {
                String p = part.replaceAll("^[.'’‘]+|[.'’‘]+$", "");
                if (letters(p) >= MIN_PART && !PARTICLES.contains(p.toLowerCase(Locale.ROOT))) {
                    variants.add(p.toLowerCase(Locale.ROOT));
                }
            }
        }
        if (variants.isEmpty()) {
            return NONE;
        }
        List<String> sorted = new ArrayList<>(variants);
        sorted.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        StringBuilder regex = new StringBuilder("(?<![\\p{L}\\p{N}])(?:");
        for (int i = 0; i < sorted.size(); i++) {
            if (i > 0) {
                regex.append('|');
            }
            regex.append(variantRegex(sorted.get(i)));
        }
        regex.append(")(?![\\p{L}\\p{N}])");
        return new Names(Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
    }

    /** No names. */
    public static Names none() {
        return NONE;
    }

    void find(String text, Spans spans) {
        if (pattern == null) {
            return;
        }
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            spans.claim(m.start(), m.end(), Category.NAME, Category.NAME.replacement());
        }
    }

    private static String variantRegex(String variant) {
        StringBuilder r = new StringBuilder();
        boolean inSpace = false;
        for (int i = 0; i < variant.length(); i++) {
            char c = variant.charAt(i);
            if (Character.isWhitespace(c)) {
                if (!inSpace) {
                    r.append("\\s++");
                }
                inSpace = true;
                continue;
            }
            inSpace = false;
            if ("'’‘".indexOf(c) >= 0) {
                r.append("['’‘`]");
            } else {
                r.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return r.toString();
    }

    private static int letters(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLetter(s.charAt(i))) {
                n++;
            }
        }
        return n;
    }
}
