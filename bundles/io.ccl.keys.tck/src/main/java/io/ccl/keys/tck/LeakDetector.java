package io.ccl.keys.tck;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Remembers the secret values a test handed to (or received from) the store and fails when any
 * of them shows up in a text the store produced: an exception message (down the cause chain) or a
 * {@code toString()}. A value is looked for as text (when printable), lower- and upper-case hex
 * and standard and URL-safe Base64, the usual ways material ends up in a log line.
 */
final class LeakDetector {
    private final List<String> forms = new ArrayList<>();

    /** Registers a secret value (at least 8 bytes, so that matches are not accidental). */
    void remember(byte[] secret) {
        if (secret.length < 8) {
            throw new IllegalArgumentException("secrets used by the TCK are at least 8 bytes");
        }
        if (isPrintable(secret)) {
            forms.add(new String(secret, StandardCharsets.US_ASCII));
        }
        forms.add(HexFormat.of().formatHex(secret));
        forms.add(HexFormat.of().withUpperCase().formatHex(secret));
        // Base64 is looked for as the value encoded on its own, the way a leaked value is usually logged.
        forms.add(Base64.getEncoder().withoutPadding().encodeToString(secret));
        forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** Fails when {@code text} contains a remembered secret; {@code where} names the text. */
    void assertClean(String where, String text) {
        if (text == null) {
            return;
        }
        for (String form : forms) {
            if (text.contains(form)) {
                fail(where + " contains secret material or plaintext");
            }
        }
    }

    /** Checks the message and {@code toString()} of a throwable and of its causes and suppressed. */
    void assertClean(Throwable thrown) {
        assertClean(thrown, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private void assertClean(Throwable thrown, Set<Throwable> seen) {
        for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
            assertClean("message of " + t.getClass().getName(), t.getMessage());
            assertClean("toString of " + t.getClass().getName(), t.toString());
            for (Throwable s : t.getSuppressed()) {
                assertClean(s, seen);
            }
        }
    }

    private static boolean isPrintable(byte[] value) {
        for (byte b : value) {
            if (b < 0x20 || b > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
