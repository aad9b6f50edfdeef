package io.ccl.agents.voice.analysis.pii;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The spans of a text claimed by the detectors, in the order the detectors run: a character
 * belongs to at most one span, the first detector to claim it wins.
 */
final class Spans {
    private final BitSet claimed;
    private final List<MaskedSpan> spans = new ArrayList<>();

    Spans(int length) {
        this.claimed = new BitSet(length);
    }

    /** True when no character of [start, end) is claimed yet. */
    boolean free(int start, int end) {
        int next = claimed.nextSetBit(start);
        return next < 0 || next >= end;
    }

    boolean free(int index) {
        return !claimed.get(index);
    }

    /** First unclaimed index at or after {@code index}. */
    int nextFree(int index) {
        return claimed.nextClearBit(index);
    }

    /** Claims [start, end) unless part of it is already claimed; returns whether it did. */
    boolean claim(int start, int end, Category category, String replacement) {
        if (start >= end || !free(start, end)) {
            return false;
        }
        claimed.set(start, end);
        spans.add(new MaskedSpan(start, end, category, replacement));
        return true;
    }

    /**
     * Sets [start, end) aside as not personal data (a date): no later detector may claim it, and
     * it is neither replaced nor counted. Does nothing when part of it is claimed already.
     */
    void protect(int start, int end) {
        if (start < end && free(start, end)) {
            claimed.set(start, end);
        }
    }

    /** The text with every span replaced, and how many spans of each category there were. */
    MaskResult apply(String text) {
        spans.sort(Comparator.comparingInt(MaskedSpan::start));
        StringBuilder out = new StringBuilder(text.length());
        Map<Category, Integer> counts = new EnumMap<>(Category.class);
        int pos = 0;
        for (MaskedSpan s : spans) {
            out.append(text, pos, s.start()).append(s.replacement());
            counts.merge(s.category(), 1, Integer::sum);
            pos = s.end();
        }
        out.append(text, pos, text.length());
        return new MaskResult(out.toString(), counts, spans);
    }
}
